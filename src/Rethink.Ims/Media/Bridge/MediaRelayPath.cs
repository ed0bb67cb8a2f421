using System.Buffers.Binary;
using System.Diagnostics;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// One direction of a call: RTP received on the source leg, sent on the target leg. A packet whose codec the target
/// leg also uses is relayed with its payload untouched (payload type mapped, header extensions and CSRCs dropped, in
/// place); otherwise it is transcoded frame by frame (the transcoder for each source codec is made on first use) with
/// its timestamp carried into the target clock. Telephone events follow the same clock mapping. SSRC and sequence
/// numbers pass through, so the receiver sees the sender's losses. Runs on the source leg's receive loop only; the
/// per-packet path allocates nothing of ours.
/// </summary>
internal sealed class MediaRelayPath : IDisposable
{
    private const int MaxRecoveredFrames = 2;

    private readonly MediaLegProfile _sourceProfile;
    private readonly LegPayloadMap _source;
    private readonly LegPayloadMap _target;
    private readonly WebRtcLeg? _toWebRtc;
    private readonly PlainLeg? _toPlain;
    private readonly RtcpLegReporter _sourceReports;
    private readonly RtcpLegReporter _targetReports;
    private readonly MediaBridgeMetrics? _metrics;
    private readonly MediaLegCounters _sourceCounters;
    private readonly AudioTranscoderOptions _transcoderOptions;
    private readonly AudioTranscoder?[] _transcoders = new AudioTranscoder?[3];
    private readonly string?[] _transcodeTags = new string?[3];
    private readonly byte[] _output = new byte[4096];
    private bool _haveTranscoded;
    private uint _transcodedSsrc;
    private ushort _transcodedSequence;
    private uint _transcodedTimestamp;
    private bool _haveMapping;
    private uint _lastIn;
    private uint _lastOut;
    private int _disposed;

    public MediaRelayPath(
        MediaLegProfile sourceProfile, LegPayloadMap source, LegPayloadMap target, WebRtcLeg? toWebRtc, PlainLeg? toPlain,
        RtcpLegReporter sourceReports, RtcpLegReporter targetReports, MediaLegCounters sourceCounters,
        AudioTranscoderOptions transcoderOptions, MediaBridgeMetrics? metrics)
    {
        _sourceProfile = sourceProfile;
        _source = source;
        _target = target;
        _toWebRtc = toWebRtc;
        _toPlain = toPlain;
        _sourceReports = sourceReports;
        _targetReports = targetReports;
        _sourceCounters = sourceCounters;
        _transcoderOptions = transcoderOptions;
        _metrics = metrics;
    }

    /// <summary>Whether packets of the target's send codec arriving in the source's send codec are relayed as they are.</summary>
    public bool IsPassthrough => _source.SendCodec == _target.SendCodec;

    public void Forward(Span<byte> buffer, int length)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        if (!RtpPacket.TryParse(buffer[..length], out var rtp))
        {
            Drop(MediaDropReason.Malformed);
            return;
        }

        var entry = _source[rtp.PayloadType];
        switch (entry.Kind)
        {
            case LegPayloadMap.PayloadKind.Audio:
                _sourceReports.OnReceived(rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp, entry.ClockRate);
                if (!_target.CanSendAudio)
                {
                    Drop(MediaDropReason.NoRoute);
                }
                else if (entry.Codec == _target.SendCodec)
                {
                    Relay(buffer, length, rtp.HeaderLength, _target.SendPayloadType, rtp.Timestamp, entry.ClockRate, _target.SendClockRate);
                }
                else
                {
                    Transcode(rtp, entry);
                }

                break;
            case LegPayloadMap.PayloadKind.TelephoneEvent:
                _sourceReports.OnReceived(rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp, entry.ClockRate);
                if (_target.TelephoneEventPayloadType < 0)
                {
                    Drop(MediaDropReason.NoRoute);
                }
                else
                {
                    RelayEvent(buffer, length, rtp.HeaderLength, entry.ClockRate);
                }

                break;
            default:
                Drop(MediaDropReason.UnknownPayloadType);
                break;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var transcoder in _transcoders)
        {
            transcoder?.Dispose();
        }
    }

    private void Relay(Span<byte> buffer, int length, int headerLength, int payloadType, uint timestamp, int sourceClock, int targetClock)
    {
        // Drop CSRCs and header extensions (negotiated with the other peer, meaningless here): the fixed header is
        // rewritten just before the payload, so the packet starts at headerLength - 12.
        var start = headerLength - RtpPacket.FixedHeaderLength;
        var first = buffer[0];
        var second = buffer[1];
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var mapped = MapTimestamp(timestamp, sourceClock, targetClock);
        var packet = buffer[start..];
        packet[0] = (byte)(first & 0xE0);
        packet[1] = (byte)((second & 0x80) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], mapped);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
        Send(packet, length - start, ssrc, mapped, length - headerLength, targetClock);
    }

    private void RelayEvent(Span<byte> buffer, int length, int headerLength, int sourceClock)
    {
        var targetClock = _target.TelephoneEventClockRate;
        if (sourceClock != targetClock && TelephoneEvent.TryRead(buffer[headerLength..length], out var report))
        {
            var duration = (ushort)Math.Min(ushort.MaxValue, (long)report.Duration * targetClock / sourceClock);
            new TelephoneEvent(report.EventCode, report.End, report.Volume, duration).TryWrite(buffer[headerLength..]);
        }

        var timestamp = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        Relay(buffer, length, headerLength, _target.TelephoneEventPayloadType, timestamp, sourceClock, targetClock);
    }

    private void Transcode(RtpPacket rtp, LegPayloadMap.Entry entry)
    {
        var transcoder = _transcoders[(int)entry.Codec] ??= CreateTranscoder(entry.Codec);
        RecoverLost(transcoder, rtp, entry);
        var output = _output.AsSpan();
        var started = Stopwatch.GetTimestamp();
        if (!transcoder.TryTranscode(rtp.Payload, output[RtpPacket.FixedHeaderLength..], out var written))
        {
            Drop(MediaDropReason.TranscodeFailed);
            return;
        }

        _metrics?.Transcoded(_transcodeTags[(int)entry.Codec]!, Stopwatch.GetElapsedTime(started).TotalSeconds);
        var targetClock = _target.SendClockRate;
        var timestamp = MapTimestamp(rtp.Timestamp, entry.ClockRate, targetClock);
        new RtpHeader(_target.SendPayloadType, rtp.SequenceNumber, timestamp, rtp.Ssrc, rtp.Marker).TryWrite(output, out _);
        Send(output, RtpPacket.FixedHeaderLength + written, rtp.Ssrc, timestamp, written, targetClock);
    }

    /// <summary>
    /// When one or two packets of a transcoded stream went missing just before this one, sends frames in their place
    /// (with their sequence numbers and timestamps), so the target side's decoder gets no gap: the last one rebuilt
    /// from this packet's forward error correction (Opus in-band FEC) when it has any, an earlier one concealed (PLC).
    /// Longer gaps, reordering and packets of another length are left to the receiver; so are G.711 sources, whose
    /// concealment is silence: the Opus receiver's own concealment of a gap sounds better than a silent frame.
    /// </summary>
    private void RecoverLost(AudioTranscoder transcoder, RtpPacket rtp, LegPayloadMap.Entry entry)
    {
        if (entry.Codec != AudioCodec.Opus)
        {
            return;
        }

        var previous = (_haveTranscoded, _transcodedSsrc, _transcodedSequence, _transcodedTimestamp);
        var gap = (ushort)(rtp.SequenceNumber - previous._transcodedSequence);
        if (previous._haveTranscoded && previous._transcodedSsrc == rtp.Ssrc && gap is 0 or > 0x8000)
        {
            return;   // a duplicate or a late packet: keep the newest as the reference
        }

        _haveTranscoded = true;
        (_transcodedSsrc, _transcodedSequence, _transcodedTimestamp) = (rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp);
        var frame = (uint)(transcoder.FrameDuration.Ticks * entry.ClockRate / TimeSpan.TicksPerSecond);
        if (!previous._haveTranscoded || previous._transcodedSsrc != rtp.Ssrc || gap is < 2 or > MaxRecoveredFrames + 1 ||
            rtp.Timestamp - previous._transcodedTimestamp != frame * gap)
        {
            return;
        }

        var output = _output.AsSpan();
        var targetClock = _target.SendClockRate;
        for (var lost = gap - 1; lost >= 1; lost--)
        {
            var written = lost == 1
                ? transcoder.TranscodeLost(rtp.Payload, output[RtpPacket.FixedHeaderLength..])
                : transcoder.TranscodeLost(output[RtpPacket.FixedHeaderLength..]);
            var timestamp = MapTimestamp(rtp.Timestamp - (frame * (uint)lost), entry.ClockRate, targetClock);
            new RtpHeader(_target.SendPayloadType, (ushort)(rtp.SequenceNumber - lost), timestamp, rtp.Ssrc).TryWrite(output, out _);
            Send(output, RtpPacket.FixedHeaderLength + written, rtp.Ssrc, timestamp, written, targetClock);
            _sourceCounters.AddRecovered();
        }
    }

    private AudioTranscoder CreateTranscoder(AudioCodec source)
    {
        _transcodeTags[(int)source] = $"{Name(source)}-{Name(_target.SendCodec)}";
        return new AudioTranscoder(source, _target.SendCodec, _transcoderOptions);
    }

    private static string Name(AudioCodec codec) => codec switch
    {
        AudioCodec.Pcmu => "pcmu",
        AudioCodec.Pcma => "pcma",
        _ => "opus",
    };

    /// <summary>
    /// Carries a source timestamp into the target clock: identical clocks pass it through; otherwise the distance from
    /// the newest packet seen is scaled and added to its mapped value (so wrap-around and reordering are harmless).
    /// </summary>
    private uint MapTimestamp(uint timestamp, int sourceClock, int targetClock)
    {
        if (sourceClock == targetClock)
        {
            return timestamp;
        }

        if (!_haveMapping)
        {
            _haveMapping = true;
            _lastIn = timestamp;
            _lastOut = (uint)((ulong)timestamp * (ulong)targetClock / (ulong)sourceClock);
            return _lastOut;
        }

        var delta = unchecked((int)(timestamp - _lastIn));
        var mapped = unchecked(_lastOut + (uint)(int)((long)delta * targetClock / sourceClock));
        if (delta > 0)
        {
            _lastIn = timestamp;
            _lastOut = mapped;
        }

        return mapped;
    }

    private void Send(Span<byte> packet, int length, uint ssrc, uint timestamp, int payloadLength, int clockRate)
    {
        bool sent = _toWebRtc is not null ? _toWebRtc.SendRtp(packet, length) : _toPlain!.SendRtp(packet[..length]);
        if (sent)
        {
            _targetReports.OnSent(ssrc, timestamp, payloadLength, clockRate);
        }
    }

    private void Drop(MediaDropReason reason)
    {
        _sourceCounters.Drop(reason);
        _metrics?.Dropped(_sourceProfile, reason);
    }
}
