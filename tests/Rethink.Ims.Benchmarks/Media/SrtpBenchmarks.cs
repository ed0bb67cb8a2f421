using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Benchmarks.Media;

/// <summary>
/// SRTP protect and unprotect of one packet, in place. packets/s = 1 / mean. Unprotect needs a fresh
/// sequence number each time (the replay window refuses repeats), so each iteration unprotects a batch
/// of distinct pre-protected packets with a receiver made in <see cref="ResetReceiver"/>; the copy of
/// each packet into the work buffer is part of the measured time, as it is in the libsrtp program.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SrtpBenchmarks
{
    private const int Batch = 16384;
    private const uint Ssrc = 0x11223344;

    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private byte[] _buffer = null!;
    private byte[][] _protected = null!;
    private int _rtpLength;
    private ushort _sequence;
    private int _next;

    /// <summary>Protection profile.</summary>
    [Params(SrtpProtectionProfile.AesCm128HmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm)]
    public SrtpProtectionProfile Profile { get; set; }

    /// <summary>RTP payload octets.</summary>
    [Params(160, 1200)]
    public int PayloadLength { get; set; }

    /// <summary>Builds contexts and the batch of protected packets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sender = NewContext();
        _rtpLength = 12 + PayloadLength;
        _buffer = new byte[_rtpLength + _sender.RtpOverhead];
        new RtpHeader(111, 0, 0, Ssrc).TryWrite(_buffer, out _);
        for (var i = 12; i < _rtpLength; i++)
        {
            _buffer[i] = (byte)i;
        }

        using var batchSender = NewContext();
        _protected = new byte[Batch + 1][];
        for (var i = 0; i <= Batch; i++)
        {
            var packet = new byte[_buffer.Length];
            _buffer.AsSpan(0, _rtpLength).CopyTo(packet);
            packet[2] = (byte)(i >> 8);
            packet[3] = (byte)i;
            batchSender.ProtectRtp(packet, _rtpLength, out _);
            _protected[i] = packet;
        }
    }

    /// <summary>A receiver that has seen packet 0 only, so the measured unprotects find their stream and allocate nothing.</summary>
    [IterationSetup(Target = nameof(Unprotect))]
    public void ResetReceiver()
    {
        _receiver?.Dispose();
        _receiver = NewContext();
        var first = (byte[])_protected[0].Clone();
        _receiver.UnprotectRtp(first, out _);
        _next = 1;
    }

    /// <summary>Protects one packet (sequence number advancing).</summary>
    [Benchmark]
    public int Protect()
    {
        var seq = _sequence++;
        _buffer[2] = (byte)(seq >> 8);
        _buffer[3] = (byte)seq;
        _sender.ProtectRtp(_buffer, _rtpLength, out var length);
        return length;
    }

    /// <summary>Unprotects one distinct packet (copied into the work buffer first).</summary>
    [Benchmark]
    [InvocationCount(Batch)]
    public int Unprotect()
    {
        var packet = _protected[_next++];
        packet.CopyTo(_buffer, 0);
        var result = _receiver.UnprotectRtp(_buffer, out var length);
        return result == SrtpResult.Ok ? length : throw new InvalidOperationException(result.ToString());
    }

    /// <summary>Releases the contexts.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver?.Dispose();
    }

    private SrtpContext NewContext() => new(
        Profile,
        Enumerable.Range(1, Profile.KeyLength()).Select(i => (byte)i).ToArray(),
        Enumerable.Range(1, Profile.SaltLength()).Select(i => (byte)(i * 3)).ToArray());
}
