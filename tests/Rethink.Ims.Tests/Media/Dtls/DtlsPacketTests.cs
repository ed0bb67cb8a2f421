using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsPacketTests
{
    [Theory]
    [InlineData(0, false)] // STUN
    [InlineData(3, false)]
    [InlineData(19, false)]
    [InlineData(20, true)] // change_cipher_spec
    [InlineData(22, true)] // handshake
    [InlineData(23, true)] // application_data
    [InlineData(63, true)]
    [InlineData(64, false)] // TURN channel
    [InlineData(128, false)] // RTP
    [InlineData(191, false)]
    public void First_byte_20_to_63_is_dtls_per_rfc7983(byte first, bool dtls) =>
        Assert.Equal(dtls, DtlsPacket.IsDtls([first, 0xFE, 0xFD]));

    [Fact]
    public void An_empty_datagram_is_not_dtls() => Assert.False(DtlsPacket.IsDtls([]));

    [Fact]
    public void A_real_ClientHello_is_recognised()
    {
        var hello = DtlsRoleResolverTests.CaptureClientHello();

        Assert.True(DtlsPacket.IsDtls(hello));
        Assert.True(DtlsPacket.IsClientHello(hello));
    }

    [Fact]
    public void Other_handshake_messages_and_truncated_records_are_not_a_ClientHello()
    {
        var hello = DtlsRoleResolverTests.CaptureClientHello();
        var serverHello = hello.ToArray();
        serverHello[13] = 2;
        var laterEpoch = hello.ToArray();
        laterEpoch[4] = 1;

        Assert.False(DtlsPacket.IsClientHello(serverHello));
        Assert.False(DtlsPacket.IsClientHello(laterEpoch));
        Assert.False(DtlsPacket.IsClientHello(hello.AsSpan(0, 13)));
        Assert.False(DtlsPacket.IsClientHello([]));
    }
}
