using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Tests.Media.Srtp;

/// <summary>Laws of protect/unprotect for every profile.</summary>
public class SrtpRoundTripProperties
{
    internal static readonly SrtpProtectionProfile[] Profiles =
    [
        SrtpProtectionProfile.AesCm128HmacSha1_80,
        SrtpProtectionProfile.AesCm128HmacSha1_32,
        SrtpProtectionProfile.AeadAes128Gcm,
        SrtpProtectionProfile.AeadAes256Gcm,
    ];

    public static Arbitrary<SrtpProtectionProfile> ProfileArbitrary() => Gen.Elements(Profiles).ToArbitrary();

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)])]
    public void Unprotect_after_protect_returns_the_rtp_packet(SrtpProtectionProfile profile, byte[] payload, ushort sequenceNumber, uint ssrc, bool marker)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var rtp = Rtp(payload, sequenceNumber, ssrc, marker);
            var buffer = new byte[rtp.Length + sender.RtpOverhead];
            rtp.CopyTo(buffer, 0);

            Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, rtp.Length, out var protectedLength));
            Assert.Equal(rtp.Length + profile.RtpTagLength(), protectedLength);
            if (payload.Length >= 4)
            {
                Assert.NotEqual(rtp[12..], buffer[12..rtp.Length]);
            }

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out var length));
            Assert.Equal(rtp, buffer[..length]);
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)])]
    public void Any_single_bit_flip_in_a_protected_rtp_packet_is_rejected(SrtpProtectionProfile profile, byte[] payload, ushort sequenceNumber, PositiveInt bitSeed)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packet = Protect(sender, Rtp(payload, sequenceNumber, 0x1234, false));
            var bit = bitSeed.Get % (packet.Length * 8);
            packet[bit / 8] ^= (byte)(1 << (bit % 8));

            var result = receiver.UnprotectRtp(packet, out _);

            // Flips of the version, extension or CSRC-count bits break the header before any crypto runs.
            var structural = bit / 8 == 0 && (bit % 8) is 7 or 6 or 4 or 3 or 2 or 1 or 0;
            Assert.True(
                result == SrtpResult.AuthenticationFailed || (structural && result == SrtpResult.InvalidHeader),
                $"bit {bit}: {result}");
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)])]
    public void A_replayed_rtp_packet_is_rejected(SrtpProtectionProfile profile, byte[] payload, ushort sequenceNumber)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packet = Protect(sender, Rtp(payload, sequenceNumber, 7, false));
            var copy = (byte[])packet.Clone();

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet, out _));
            Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtp(copy, out _));
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)], MaxTest = 30)]
    public void Sequences_across_the_65535_to_0_rollover_keep_unprotecting(SrtpProtectionProfile profile, byte before, byte after, uint rolloverCounter)
    {
        rolloverCounter %= 1000;
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            sender.SetRolloverCounter(9, rolloverCounter);
            receiver.SetRolloverCounter(9, rolloverCounter);
            var start = (ushort)(65535 - before);
            var count = before + after + 2;
            for (var i = 0; i < count; i++)
            {
                var seq = (ushort)(start + i);
                var packet = Protect(sender, Rtp([1, 2, 3, (byte)i], seq, 9, false));
                Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet, out var length));
                Assert.Equal((byte)i, packet[length - 1]);
            }

            Assert.True(receiver.TryGetRolloverCounter(9, out var roc));
            Assert.Equal(rolloverCounter + 1, roc);
            Assert.True(sender.TryGetRolloverCounter(9, out var senderRoc));
            Assert.Equal(rolloverCounter + 1, senderRoc);
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)], MaxTest = 30)]
    public void Packets_reordered_within_the_window_across_rollover_all_unprotect_once(SrtpProtectionProfile profile, int seed)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var random = new Random(seed);

            // Each packet moves at most 20 places: well inside the 128-packet window.
            var packets = Enumerable.Range(0, 200)
                .Select(i => (Packet: Protect(sender, Rtp([(byte)i], (ushort)(65436 + i), 5, false)), Key: i + random.Next(20)))
                .OrderBy(p => p.Key)
                .Select(p => p.Packet)
                .ToArray();

            foreach (var packet in packets)
            {
                var copy = (byte[])packet.Clone();
                Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet, out _));
                Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtp(copy, out _));
            }
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)])]
    public void Unprotect_after_protect_returns_the_rtcp_packet(SrtpProtectionProfile profile, byte[] body, uint ssrc)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var rtcp = Rtcp(body, ssrc);
            var buffer = new byte[rtcp.Length + sender.RtcpOverhead];
            rtcp.CopyTo(buffer, 0);

            Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, rtcp.Length, out var protectedLength));
            Assert.Equal(rtcp.Length + profile.RtcpOverhead(), protectedLength);
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out var length));
            Assert.Equal(rtcp, buffer[..length]);
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)])]
    public void Any_single_bit_flip_in_a_protected_rtcp_packet_is_rejected(SrtpProtectionProfile profile, byte[] body, PositiveInt bitSeed)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var rtcp = Rtcp(body, 77);
            var buffer = new byte[rtcp.Length + sender.RtcpOverhead];
            rtcp.CopyTo(buffer, 0);
            sender.ProtectRtcp(buffer, rtcp.Length, out _);
            var bit = bitSeed.Get % (buffer.Length * 8);
            buffer[bit / 8] ^= (byte)(1 << (bit % 8));

            var result = receiver.UnprotectRtcp(buffer, out _);

            var versionBit = bit / 8 == 0 && (bit % 8) >= 6;
            Assert.Equal(versionBit ? SrtpResult.InvalidHeader : SrtpResult.AuthenticationFailed, result);
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)])]
    public void Srtcp_indices_increase_per_packet_and_a_replay_is_rejected(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var first = ProtectRtcp(sender, Rtcp([1, 2, 3, 4], 3));
            var second = ProtectRtcp(sender, Rtcp([1, 2, 3, 4], 3));
            var wordOffset = profile.IsAead() ? first.Length - 4 : first.Length - 4 - profile.RtcpTagLength();

            Assert.Equal(0x8000_0000u, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(wordOffset)));
            Assert.Equal(0x8000_0001u, BinaryPrimitives.ReadUInt32BigEndian(second.AsSpan(wordOffset)));
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(second, out _));
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp((byte[])first.Clone(), out _));
            Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtcp(first, out _));
        }
    }

    [Property(Arbitrary = [typeof(SrtpRoundTripProperties)])]
    public void Garbage_never_throws_and_never_unprotects(SrtpProtectionProfile profile, byte[] garbage)
    {
        using var receiver = new SrtpContext(profile, new byte[profile.KeyLength()], new byte[profile.SaltLength()]);

        Assert.NotEqual(SrtpResult.Ok, receiver.UnprotectRtp((byte[])garbage.Clone(), out _));
        Assert.NotEqual(SrtpResult.Ok, receiver.UnprotectRtcp((byte[])garbage.Clone(), out _));
        Assert.Equal(0, receiver.RtpStreamCount);
        Assert.Equal(0, receiver.RtcpStreamCount);
    }

    [Fact]
    public void Protect_without_room_for_the_tag_reports_buffer_too_small()
    {
        using var sender = Pair(SrtpProtectionProfile.AesCm128HmacSha1_80).Sender;
        var rtp = Rtp([1, 2, 3], 1, 1, false);

        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtp(rtp, rtp.Length, out _));
    }

    [Fact]
    public void A_packet_older_than_the_replay_window_is_rejected()
    {
        var (sender, receiver) = Pair(SrtpProtectionProfile.AesCm128HmacSha1_80);
        var old = Protect(sender, Rtp([1], 100, 1, false));
        var newer = Protect(sender, Rtp([1], 100 + 128, 1, false));

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(newer, out _));
        Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtp(old, out _));
    }

    [Fact]
    public void Unknown_ssrcs_beyond_the_stream_limit_are_refused()
    {
        var (sender, _) = Pair(SrtpProtectionProfile.AesCm128HmacSha1_80);
        using var receiver = new SrtpContext(
            SrtpProtectionProfile.AesCm128HmacSha1_80, MasterKey(16), MasterSalt(14), new SrtpContextOptions { MaxStreams = 2 });

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, Rtp([1], 1, 1, false)), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, Rtp([1], 1, 2, false)), out _));
        Assert.Equal(SrtpResult.StreamLimitReached, receiver.UnprotectRtp(Protect(sender, Rtp([1], 1, 3, false)), out _));
        Assert.True(receiver.RemoveStream(2));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, Rtp([1], 2, 3, false)), out _));
    }

    [Fact]
    public void A_receiver_with_the_wrong_rollover_counter_fails_authentication()
    {
        var (sender, receiver) = Pair(SrtpProtectionProfile.AesCm128HmacSha1_80);
        sender.SetRolloverCounter(4, 3);

        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(Protect(sender, Rtp([1], 10, 4, false)), out _));
        receiver.SetRolloverCounter(4, 3);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, Rtp([1], 11, 4, false)), out _));
    }

    [Fact]
    public void Rtp_with_csrcs_and_extension_keeps_the_whole_header_in_the_clear()
    {
        var (sender, receiver) = Pair(SrtpProtectionProfile.AesCm128HmacSha1_80);
        var buffer = new byte[128];
        Span<byte> ext = stackalloc byte[8];
        var writer = new RtpHeaderExtensionWriter(ext);
        writer.TryAdd(1, [0x55]);
        writer.Finish(out var extData);
        new RtpHeader(96, 1000, 1, 0xCAFE).TryWrite(buffer, out var headerLength, [1u, 2u], writer.Profile, extData);
        buffer.AsSpan(headerLength, 20).Fill(0xAB);
        var header = buffer[..headerLength];

        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, headerLength + 20, out var protectedLength));
        Assert.Equal(header, buffer[..headerLength]);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out var length));
        Assert.Equal(headerLength + 20, length);
        Assert.All(buffer[headerLength..length], b => Assert.Equal(0xAB, b));
    }

    internal static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProtectionProfile profile) =>
        (new SrtpContext(profile, MasterKey(profile.KeyLength()), MasterSalt(profile.SaltLength())),
         new SrtpContext(profile, MasterKey(profile.KeyLength()), MasterSalt(profile.SaltLength())));

    internal static byte[] Rtp(byte[]? payload, ushort sequenceNumber, uint ssrc, bool marker)
    {
        payload ??= [];
        var packet = new byte[12 + payload.Length];
        new RtpHeader(111, sequenceNumber, 0x01020304, ssrc, marker).TryWrite(packet, out _);
        payload.CopyTo(packet, 12);
        return packet;
    }

    internal static byte[] Protect(SrtpContext sender, byte[] rtp)
    {
        var buffer = new byte[rtp.Length + sender.RtpOverhead];
        rtp.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, rtp.Length, out var length));
        return buffer[..length];
    }

    private static byte[] ProtectRtcp(SrtpContext sender, byte[] rtcp)
    {
        var buffer = new byte[rtcp.Length + sender.RtcpOverhead];
        rtcp.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, rtcp.Length, out var length));
        return buffer[..length];
    }

    // A receiver report with the body padded to whole words.
    private static byte[] Rtcp(byte[]? body, uint ssrc)
    {
        body ??= [];
        var words = (body.Length + 3) / 4;
        var packet = new byte[8 + (words * 4)];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(words + 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        body.CopyTo(packet, 8);
        return packet;
    }

    private static byte[] MasterKey(int length) => Enumerable.Range(1, length).Select(i => (byte)(i * 7)).ToArray();

    private static byte[] MasterSalt(int length) => Enumerable.Range(1, length).Select(i => (byte)(i * 13)).ToArray();
}
