using System.Buffers.Binary;
using System.Collections.Concurrent;
using Rethink.Ims.Media.Srtp;
using static Rethink.Ims.Tests.Concurrency;

namespace Rethink.Ims.Tests.Media.Srtp;

/// <summary>A context shared by many threads must stay consistent: every packet protects and unprotects exactly once.</summary>
public class SrtpContextConcurrencyTests
{
    private const int PacketsPerSsrc = 3000;
    private const ushort FirstSequence = 64000; // crosses the 65535 -> 0 rollover

    [Theory]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void Shared_contexts_protect_and_unprotect_every_packet_exactly_once_under_contention(SrtpProtectionProfile profile)
    {
        var options = new SrtpContextOptions { ReplayWindowSize = 32768 }; // threads drift apart; nothing may age out
        var key = Enumerable.Range(0, profile.KeyLength()).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(0, profile.SaltLength()).Select(i => (byte)(i + 100)).ToArray();
        using var sender = new SrtpContext(profile, key, salt, options);
        using var receiver = new SrtpContext(profile, key, salt, options);
        uint[] ssrcs = [1, 2, 3, 4];
        const int Threads = 8; // two threads per SSRC on both sides

        // Protect: each pair of threads shares an SSRC and takes sequence numbers from a shared counter.
        var next = new int[ssrcs.Length];
        var protectedPackets = new ConcurrentBag<(uint Ssrc, int N, byte[] Packet)>();
        RunTogether(Threads, thread =>
        {
            var s = thread % ssrcs.Length;
            int n;
            while ((n = Interlocked.Increment(ref next[s]) - 1) < PacketsPerSsrc)
            {
                var rtp = SrtpRoundTripProperties.Rtp(Payload(ssrcs[s], n), (ushort)(FirstSequence + n), ssrcs[s], false);
                protectedPackets.Add((ssrcs[s], n, SrtpRoundTripProperties.Protect(sender, rtp)));
            }
        });
        Assert.Equal(ssrcs.Length * PacketsPerSsrc, protectedPackets.Count);

        // Unprotect: two threads per SSRC race over that SSRC's packets, each packet given to both threads once.
        var bySsrc = protectedPackets.GroupBy(p => p.Ssrc).ToDictionary(g => g.Key, g => g.OrderBy(p => p.N).ToArray());
        var outcomes = new ConcurrentBag<(uint Ssrc, int N, SrtpResult Result, bool PayloadOk)>();
        RunTogether(Threads, thread =>
        {
            var ssrc = ssrcs[thread % ssrcs.Length];
            foreach (var (_, n, packet) in bySsrc[ssrc])
            {
                var copy = (byte[])packet.Clone();
                var result = receiver.UnprotectRtp(copy, out var length);
                var payloadOk = result != SrtpResult.Ok || copy.AsSpan(12, length - 12).SequenceEqual(Payload(ssrc, n));
                outcomes.Add((ssrc, n, result, payloadOk));
            }
        });

        Assert.All(outcomes, o => Assert.True(o.PayloadOk));
        foreach (var group in outcomes.GroupBy(o => (o.Ssrc, o.N)))
        {
            // Each packet was offered twice: exactly one Ok, the other a replay.
            Assert.Equal([SrtpResult.Ok, SrtpResult.Replayed], group.Select(o => o.Result).Order());
        }

        foreach (var ssrc in ssrcs)
        {
            Assert.True(sender.TryGetRolloverCounter(ssrc, out var senderRoc));
            Assert.True(receiver.TryGetRolloverCounter(ssrc, out var receiverRoc));
            Assert.Equal(1u, senderRoc);
            Assert.Equal(1u, receiverRoc);
        }
    }

    [Fact]
    public void Concurrent_srtcp_protection_hands_out_each_index_once()
    {
        var profile = SrtpProtectionProfile.AesCm128HmacSha1_80;
        using var sender = new SrtpContext(profile, new byte[16], new byte[14]);
        var indices = new ConcurrentBag<uint>();
        RunTogether(4, _ =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var buffer = new byte[8 + sender.RtcpOverhead];
                buffer[0] = 0x80;
                buffer[1] = 201;
                buffer[3] = 1;
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 42);
                Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, 8, out _));
                indices.Add(BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)) & 0x7FFF_FFFF);
            }
        });

        Assert.Equal(Enumerable.Range(0, 8000).Select(i => (uint)i), indices.Order());
    }

    private static byte[] Payload(uint ssrc, int n)
    {
        var payload = new byte[40];
        BinaryPrimitives.WriteUInt32BigEndian(payload, ssrc);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), n);
        return payload;
    }
}
