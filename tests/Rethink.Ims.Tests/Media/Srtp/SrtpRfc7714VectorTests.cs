using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Tests.Media.Srtp;

/// <summary>RFC 7714 §16 (SRTP) and §17 (SRTCP) AES-GCM examples. The RFC publishes session keys, not master keys.</summary>
public class SrtpRfc7714VectorTests
{
    private static readonly byte[] Key128 = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Key256 = Hex.Bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] Salt = Hex.Bytes("517569642070726f2071756f"); // "Quid pro quo"

    private static readonly byte[] RtpPacket = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 47616c6c
        69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472
        6573
        """);

    private static readonly byte[] SrtpPacket128 = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 f24de3a3
        fb34de6c acba861c 9d7e4bca be633bd5
        0d294e6f 42a5f47a 51c7d19b 36de3adf
        8833899d 7f27beb1 6a9152cf 765ee439
        0cce
        """);

    private static readonly byte[] SrtpPacket256 = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 32b1de78
        a822fe12 ef9f78fa 332e33aa b1801238
        9a58e2f3 b50b2a02 76ffae0f 1ba63799
        b87b7aa3 db36dfff d6b0f9bb 7878d7a7
        6c13
        """);

    private static readonly byte[] RtcpPacket = Hex.Bytes("""
        81c8000d 4d617273 4e545031 4e545032
        52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef
        deadbeef
        """);

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void Section16_encrypting_the_rtp_packet_gives_the_published_srtp_packet(int bits)
    {
        using var context = Context(bits);
        var buffer = new byte[RtpPacket.Length + context.RtpOverhead];
        RtpPacket.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(buffer, RtpPacket.Length, out var length));

        Assert.Equal(bits == 128 ? SrtpPacket128 : SrtpPacket256, buffer[..length]);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void Section16_decrypting_the_published_srtp_packet_gives_the_rtp_packet(int bits)
    {
        using var context = Context(bits);
        var packet = (byte[])(bits == 128 ? SrtpPacket128 : SrtpPacket256).Clone();

        Assert.Equal(SrtpResult.Ok, context.UnprotectRtp(packet, out var length));

        Assert.Equal(RtpPacket, packet[..length]);
    }

    [Fact]
    public void Section16_published_packet_with_a_flipped_bit_fails_authentication()
    {
        using var context = Context(128);
        var packet = (byte[])SrtpPacket128.Clone();
        packet[20] ^= 0x01;

        Assert.Equal(SrtpResult.AuthenticationFailed, context.UnprotectRtp(packet, out _));
    }

    [Fact]
    public void Section17_1_encrypting_the_rtcp_packet_with_index_5d4_gives_the_published_srtcp_packet()
    {
        using var context = Context(128);
        context.SetNextRtcpIndex(0x4d617273, 0x5d4);
        var buffer = new byte[RtcpPacket.Length + context.RtcpOverhead];
        RtcpPacket.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, context.ProtectRtcp(buffer, RtcpPacket.Length, out var length));

        Assert.Equal(
            Hex.Bytes("""
                81c8000d 4d617273 63e94885 dcdab67c
                a727d766 2f6b7e99 7ff5c0f7 6c06f32d
                c676a5f1 730d6fda 4ce09b46 86303ded
                0bb9275b c84aa458 96cf4d2f c5abf872
                45d9eade 800005d4
                """),
            buffer[..length]);
    }

    [Fact]
    public void Section17_2_decrypting_the_published_aes256_srtcp_packet_gives_the_rtcp_packet()
    {
        using var context = Context(256);
        var packet = Hex.Bytes("""
            81c8000d 4d617273 d50ae4d1 f5ce5d30
            4ba297e4 7d470c28 2c3ece5d bffe0a50
            a2eaa5c1 110555be 8415f658 c61de047
            6f1b6fad 1d1eb30c 4446839f 57ff6f6c
            b26ac3be 800005d4
            """);

        Assert.Equal(SrtpResult.Ok, context.UnprotectRtcp(packet, out var length));

        Assert.Equal(RtcpPacket, packet[..length]);
    }

    [Theory]
    [InlineData(128, "841dd968 3dd78ec9 2ae58790 125f62b3")] // §17.3 tagging only
    [InlineData(256, "91db4afb feee5a97 8fab4393 ed2615fe")] // §17.4 tag verification
    public void Section17_tagged_only_srtcp_packets_verify_and_stay_in_the_clear(int bits, string tag)
    {
        using var context = Context(bits);
        var packet = RtcpPacket.Concat(Hex.Bytes(tag)).Concat(Hex.Bytes("000005d4")).ToArray();

        Assert.Equal(SrtpResult.Ok, context.UnprotectRtcp(packet, out var length));

        Assert.Equal(RtcpPacket, packet[..length]);
    }

    private static SrtpContext Context(int bits) => new(
        SrtpSessionKeys.FromSessionKeys(
            bits == 128 ? SrtpProtectionProfile.AeadAes128Gcm : SrtpProtectionProfile.AeadAes256Gcm,
            bits == 128 ? Key128 : Key256,
            Salt,
            []),
        null);
}
