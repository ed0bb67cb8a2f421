using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// RTCP termination for one leg: keeps RFC 3550 receiver statistics of the stream arriving on the leg (sequence
/// tracking, interarrival jitter, the last SR heard) and sender statistics of what the bridge sends there, and writes
/// the leg's own compound report (SR when we sent since the last report, else RR; one report block; SDES CNAME).
/// Each peer so sees reports about what it really sent and what it really got, from its neighbour the bridge.
/// </summary>
internal sealed class RtcpLegReporter
{
    private static readonly byte[] Cname = Encoding.ASCII.GetBytes("rethink-ims-bridge");
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly uint _ownSsrc;
    private RtpSequenceTracker _tracker = new();
    private uint _remoteSsrc;
    private bool _haveRemote;
    private int _clockRate = 8000;
    private double _jitter;
    private long _lastTransit;
    private bool _haveTransit;
    private uint _lastSrMiddle;
    private long _lastSrArrival;
    private long _priorExpected;
    private long _priorReceived;
    private long _lostCounted;
    private uint _sendSsrc;
    private bool _sending;
    private long _sentPackets;
    private long _sentOctets;
    private uint _lastSentTimestamp;
    private long _lastSentAt;
    private int _sendClockRate = 8000;
    private bool _sentSinceReport;

    public RtcpLegReporter(TimeProvider time)
    {
        _time = time;
        Span<byte> random = stackalloc byte[4];
        RandomNumberGenerator.Fill(random);
        _ownSsrc = BinaryPrimitives.ReadUInt32BigEndian(random);
    }

    public void OnReceived(uint ssrc, ushort sequence, uint timestamp, int clockRate)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_haveRemote || ssrc != _remoteSsrc)
            {
                _remoteSsrc = ssrc;
                _haveRemote = true;
                _tracker = new RtpSequenceTracker(minSequential: 1);
                _jitter = 0;
                _haveTransit = false;
                _priorExpected = 0;
                _priorReceived = 0;
                _lostCounted = 0;
            }

            _tracker.Update(sequence);
            _clockRate = clockRate;
            var arrival = (long)((double)now * clockRate / _time.TimestampFrequency);
            var transit = arrival - timestamp;
            if (_haveTransit)
            {
                var d = Math.Abs(transit - _lastTransit);
                _jitter += (d - _jitter) / 16.0;
            }

            _lastTransit = transit;
            _haveTransit = true;
        }
    }

    public void OnSent(uint ssrc, uint timestamp, int payloadLength, int clockRate)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            _sendSsrc = ssrc;
            _sending = true;
            _sentPackets++;
            _sentOctets += payloadLength;
            _lastSentTimestamp = timestamp;
            _lastSentAt = now;
            _sendClockRate = clockRate;
            _sentSinceReport = true;
        }
    }

    /// <summary>Remembers the last sender report heard on the leg (for LSR/DLSR of our report blocks).</summary>
    public void OnRtcp(ReadOnlySpan<byte> compound)
    {
        foreach (var packet in new RtcpCompoundReader(compound))
        {
            if (packet.PacketType == RtcpPacketType.SenderReport && packet.TryGetSenderInfo(out var info))
            {
                lock (_gate)
                {
                    _lastSrMiddle = (uint)(info.NtpTimestamp >> 16);
                    _lastSrArrival = _time.GetTimestamp();
                }
            }
        }
    }

    /// <summary>Packets lost since the last call (for the loss metric).</summary>
    public long TakeNewLosses()
    {
        lock (_gate)
        {
            if (!_haveRemote)
            {
                return 0;
            }

            var lost = Math.Max(0, _tracker.Lost);
            var delta = lost - _lostCounted;
            _lostCounted = lost;
            return Math.Max(0, delta);
        }
    }

    /// <summary>Writes the leg's compound report into <paramref name="destination"/>; returns its length (0 when there is nothing to say).</summary>
    public int Write(Span<byte> destination)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_haveRemote && !_sending)
            {
                return 0;
            }

            var sr = _sentSinceReport;
            _sentSinceReport = false;
            var ssrc = _sending ? _sendSsrc : _ownSsrc;
            var blocks = _haveRemote ? 1 : 0;
            var length = (sr ? 28 : 8) + (blocks * RtcpReportBlock.Length);
            RtcpPacket.TryWriteHeader(destination, blocks, sr ? RtcpPacketType.SenderReport : RtcpPacketType.ReceiverReport, length);
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
            var offset = 8;
            if (sr)
            {
                var wall = _time.GetUtcNow();
                var ntp = ToNtp(wall);
                BinaryPrimitives.WriteUInt64BigEndian(destination[offset..], ntp);
                var elapsed = (double)(now - _lastSentAt) / _time.TimestampFrequency;
                BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 8)..], unchecked(_lastSentTimestamp + (uint)(elapsed * _sendClockRate)));
                BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 12)..], unchecked((uint)_sentPackets));
                BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 16)..], unchecked((uint)_sentOctets));
                offset += 20;
            }

            if (blocks == 1)
            {
                var expected = _tracker.Expected;
                var received = _tracker.Received;
                var expectedInterval = expected - _priorExpected;
                var lostInterval = expectedInterval - (received - _priorReceived);
                _priorExpected = expected;
                _priorReceived = received;
                var fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int)Math.Min(255, (lostInterval << 8) / expectedInterval);
                var cumulative = Math.Clamp(_tracker.Lost, -0x800000, 0x7FFFFF);
                var block = destination[offset..];
                BinaryPrimitives.WriteUInt32BigEndian(block, _remoteSsrc);
                BinaryPrimitives.WriteUInt32BigEndian(block[4..], ((uint)fraction << 24) | ((uint)cumulative & 0xFFFFFF));
                BinaryPrimitives.WriteUInt32BigEndian(block[8..], unchecked((uint)_tracker.ExtendedHighestSequence));
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], (uint)_jitter);
                BinaryPrimitives.WriteUInt32BigEndian(block[16..], _lastSrMiddle);
                var dlsr = _lastSrArrival == 0 ? 0u : (uint)((double)(now - _lastSrArrival) / _time.TimestampFrequency * 65536);
                BinaryPrimitives.WriteUInt32BigEndian(block[20..], _lastSrMiddle == 0 ? 0u : dlsr);
                offset += RtcpReportBlock.Length;
            }

            // SDES with one chunk: SSRC, CNAME item, end, padded to 32 bits.
            var chunk = 4 + 2 + Cname.Length + 1;
            var padded = (chunk + 3) & ~3;
            var sdesLength = 4 + padded;
            RtcpPacket.TryWriteHeader(destination[offset..], 1, RtcpPacketType.SourceDescription, sdesLength);
            var sdes = destination[(offset + 4)..];
            BinaryPrimitives.WriteUInt32BigEndian(sdes, ssrc);
            sdes[4] = 1;
            sdes[5] = (byte)Cname.Length;
            Cname.CopyTo(sdes[6..]);
            sdes[(6 + Cname.Length)..padded].Clear();
            return offset + sdesLength;
        }
    }

    private static ulong ToNtp(DateTimeOffset time)
    {
        var sinceEpoch = time - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var seconds = (ulong)sinceEpoch.Ticks / TimeSpan.TicksPerSecond;
        var fraction = (ulong)(sinceEpoch.Ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
