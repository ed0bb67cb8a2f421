using System.Buffers.Binary;
using System.Collections.Concurrent;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// A pure SRTP/SRTCP crypto context (RFC 3711, RFC 7714) for one direction's keys: no sockets, no
/// timers. Protect with the local keys' context, unprotect with the remote keys' context. It keeps
/// per-SSRC state (rollover counter, SRTCP index, replay window) and transforms packets in place.
/// </summary>
/// <remarks>
/// <para>Thread-safety: every public member may be called from any thread. Each SSRC has its own
/// stream state, cipher instances and lock, so packets of different SSRCs run in parallel and packets
/// of one SSRC are serialised; state is never shared across streams. A new SSRC is set up under a
/// context-wide lock (rare: the first packet of a source). Unknown SSRCs whose packets fail
/// authentication leave no state behind.</para>
/// <para>Allocation: none per packet once a stream exists (AES-GCM allocates only when a tag fails,
/// because .NET reports that with an exception).</para>
/// </remarks>
public sealed class SrtpContext : IDisposable
{
    private readonly SrtpSessionKeys _keys;
    private readonly int _replayWindowSize;
    private readonly int _maxStreams;
    private readonly int _rtpTag;
    private readonly int _rtcpTag;
    private readonly bool _aead;
    private readonly ConcurrentDictionary<uint, SrtpStream> _rtp = new();
    private readonly ConcurrentDictionary<uint, SrtpStream> _rtcp = new();
    private readonly Lock _setupGate = new();
    private SrtpStream? _spareRtp;
    private SrtpStream? _spareRtcp;
    private volatile bool _disposed;

    /// <summary>
    /// Creates a context from a master key and salt (from DTLS-SRTP keying material or SDES), deriving
    /// the session keys with kdr = 0. Throws for an unsupported profile or wrong key/salt lengths.
    /// </summary>
    public SrtpContext(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpContextOptions? options = null)
        : this(SrtpSessionKeys.Derive(profile, masterKey, masterSalt), options)
    {
    }

    internal SrtpContext(SrtpSessionKeys keys, SrtpContextOptions? options)
    {
        options ??= new SrtpContextOptions();
        _ = new SrtpReplayWindow(options.ReplayWindowSize); // validates the size
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxStreams, 1, nameof(options));
        _keys = keys;
        _replayWindowSize = options.ReplayWindowSize;
        _maxStreams = options.MaxStreams;
        _rtpTag = keys.Profile.RtpTagLength();
        _rtcpTag = keys.Profile.RtcpTagLength();
        _aead = keys.Profile.IsAead();
    }

    /// <summary>The protection profile.</summary>
    public SrtpProtectionProfile Profile => _keys.Profile;

    /// <summary>Octets <see cref="ProtectRtp"/> adds: the room a buffer needs after the RTP packet.</summary>
    public int RtpOverhead => _rtpTag;

    /// <summary>Octets <see cref="ProtectRtcp"/> adds: the room a buffer needs after the RTCP packet.</summary>
    public int RtcpOverhead => 4 + _rtcpTag;

    /// <summary>Number of SSRCs with SRTP state.</summary>
    public int RtpStreamCount => _rtp.Count;

    /// <summary>Number of SSRCs with SRTCP state.</summary>
    public int RtcpStreamCount => _rtcp.Count;

    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place; the tag goes after it, so
    /// <paramref name="buffer"/> needs <see cref="RtpOverhead"/> more octets. The rollover counter is kept per SSRC
    /// from the sequence numbers (RFC 3711 §3.3.1).
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length < 0 || length > buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        if (length < RtpPacket.FixedHeaderLength)
        {
            return SrtpResult.TooShort;
        }

        if (!RtpPacket.TryGetHeaderLength(buffer[..length], out var headerLength))
        {
            return SrtpResult.InvalidHeader;
        }

        if (buffer.Length - length < _rtpTag)
        {
            return SrtpResult.BufferTooSmall;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        while (true)
        {
            var stream = GetOrAdd(_rtp, ref _spareRtp, ssrc, rtcp: false);
            if (stream is null)
            {
                return SrtpResult.StreamLimitReached;
            }

            lock (stream.Gate)
            {
                if (stream.Disposed)
                {
                    continue; // removed meanwhile: set up afresh
                }

                ulong index;
                if (!stream.SenderStarted)
                {
                    index = ((ulong)stream.InitialRolloverCounter << 16) | sequenceNumber;
                }
                else
                {
                    // A step back past ROC 0 keeps ROC 0: a sender never refuses its own packets.
                    SrtpIndex.TryEstimate(stream.SenderHighest, sequenceNumber, out index);
                }

                if (index > SrtpIndex.MaxRtpIndex)
                {
                    return SrtpResult.KeyLimitReached;
                }

                if (!stream.SenderStarted || index > stream.SenderHighest)
                {
                    stream.SenderHighest = index;
                    stream.SenderStarted = true;
                }

                stream.Cipher.EncryptRtp(buffer, headerLength, length, ssrc, (uint)(index >> 16), sequenceNumber);
            }

            protectedLength = length + _rtpTag;
            return SrtpResult.Ok;
        }
    }

    /// <summary>
    /// Unprotects the SRTP packet that fills <paramref name="packet"/>, in place: checks replay, then the tag,
    /// then decrypts; <paramref name="length"/> is the RTP packet's length (the tag removed).
    /// State changes only for packets that authenticate.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (packet.Length < RtpPacket.FixedHeaderLength + _rtpTag)
        {
            return SrtpResult.TooShort;
        }

        if (!RtpPacket.TryGetHeaderLength(packet[..^_rtpTag], out var headerLength))
        {
            return SrtpResult.InvalidHeader;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var result = _rtp.TryGetValue(ssrc, out var stream)
            ? UnprotectRtpOn(stream, packet, headerLength, ssrc, sequenceNumber)
            : null;
        if (result is null)
        {
            lock (_setupGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_rtp.TryGetValue(ssrc, out stream))
                {
                    result = UnprotectRtpOn(stream, packet, headerLength, ssrc, sequenceNumber) ?? SrtpResult.AuthenticationFailed;
                }
                else if (_rtp.Count >= _maxStreams)
                {
                    return SrtpResult.StreamLimitReached;
                }
                else
                {
                    // Try the packet on a private stream; keep it only if the packet authenticates.
                    stream = TakeSpare(ref _spareRtp, ssrc, rtcp: false);
                    result = UnprotectRtpOn(stream, packet, headerLength, ssrc, sequenceNumber)!.Value;
                    if (result == SrtpResult.Ok)
                    {
                        _rtp[ssrc] = stream;
                    }
                    else
                    {
                        _spareRtp = stream;
                    }
                }
            }
        }

        if (result == SrtpResult.Ok)
        {
            length = packet.Length - _rtpTag;
        }

        return result.Value;
    }

    /// <summary>
    /// Protects the RTCP (compound) packet in <c>buffer[..length]</c> in place with the next SRTCP index of its
    /// sender SSRC, encrypted (E-flag set); <paramref name="buffer"/> needs <see cref="RtcpOverhead"/> more octets.
    /// </summary>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length < 0 || length > buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        if (length < 8)
        {
            return SrtpResult.TooShort;
        }

        if ((buffer[0] >> 6) != 2)
        {
            return SrtpResult.InvalidHeader;
        }

        if (buffer.Length - length < 4 + _rtcpTag)
        {
            return SrtpResult.BufferTooSmall;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        while (true)
        {
            var stream = GetOrAdd(_rtcp, ref _spareRtcp, ssrc, rtcp: true);
            if (stream is null)
            {
                return SrtpResult.StreamLimitReached;
            }

            lock (stream.Gate)
            {
                if (stream.Disposed)
                {
                    continue;
                }

                var index = stream.NextRtcpIndex;
                if (index > SrtpIndex.MaxRtcpIndex)
                {
                    return SrtpResult.KeyLimitReached;
                }

                stream.NextRtcpIndex = index + 1;
                stream.Cipher.EncryptRtcp(buffer, length, ssrc, (uint)index);
            }

            protectedLength = length + 4 + _rtcpTag;
            return SrtpResult.Ok;
        }
    }

    /// <summary>
    /// Unprotects the SRTCP packet that fills <paramref name="packet"/>, in place; <paramref name="length"/> is the
    /// RTCP packet's length. Packets with the E-flag clear (authenticated, not encrypted) are accepted too.
    /// </summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (packet.Length < 8 + 4 + _rtcpTag)
        {
            return SrtpResult.TooShort;
        }

        if ((packet[0] >> 6) != 2)
        {
            return SrtpResult.InvalidHeader;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var wordOffset = _aead ? packet.Length - 4 : packet.Length - _rtcpTag - 4;
        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[wordOffset..]);
        var encrypted = (word & 0x8000_0000u) != 0;
        var index = word & SrtpIndex.MaxRtcpIndex;
        var result = _rtcp.TryGetValue(ssrc, out var stream)
            ? UnprotectRtcpOn(stream, packet, ssrc, index, encrypted)
            : null;
        if (result is null)
        {
            lock (_setupGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_rtcp.TryGetValue(ssrc, out stream))
                {
                    result = UnprotectRtcpOn(stream, packet, ssrc, index, encrypted) ?? SrtpResult.AuthenticationFailed;
                }
                else if (_rtcp.Count >= _maxStreams)
                {
                    return SrtpResult.StreamLimitReached;
                }
                else
                {
                    stream = TakeSpare(ref _spareRtcp, ssrc, rtcp: true);
                    result = UnprotectRtcpOn(stream, packet, ssrc, index, encrypted)!.Value;
                    if (result == SrtpResult.Ok)
                    {
                        _rtcp[ssrc] = stream;
                    }
                    else
                    {
                        _spareRtcp = stream;
                    }
                }
            }
        }

        if (result == SrtpResult.Ok)
        {
            length = packet.Length - 4 - _rtcpTag;
        }

        return result.Value;
    }

    /// <summary>
    /// Sets the rollover counter the next SRTP packet of <paramref name="ssrc"/> is taken to have, and forgets
    /// that SSRC's replay history: for joining a stream mid-way (a ROC learnt by signalling) or after a resync.
    /// False when the SSRC is new and the stream limit is reached.
    /// </summary>
    public bool SetRolloverCounter(uint ssrc, uint rolloverCounter)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var stream = GetOrAdd(_rtp, ref _spareRtp, ssrc, rtcp: false);
            if (stream is null)
            {
                return false;
            }

            lock (stream.Gate)
            {
                if (stream.Disposed)
                {
                    continue;
                }

                stream.InitialRolloverCounter = rolloverCounter;
                stream.SenderStarted = false;
                stream.SenderHighest = 0;
                stream.Replay.Reset();
                return true;
            }
        }
    }

    /// <summary>
    /// The rollover counter of <paramref name="ssrc"/>: of the highest packet protected, else of the highest
    /// unprotected, else the one set. False when the SSRC has no SRTP state.
    /// </summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        rolloverCounter = 0;
        if (!_rtp.TryGetValue(ssrc, out var stream))
        {
            return false;
        }

        lock (stream.Gate)
        {
            if (stream.Disposed)
            {
                return false;
            }

            rolloverCounter = stream.SenderStarted ? (uint)(stream.SenderHighest >> 16)
                : stream.Replay.HasAccepted ? (uint)(stream.Replay.Highest >> 16)
                : stream.InitialRolloverCounter;
            return true;
        }
    }

    /// <summary>Forgets the SRTP and SRTCP state of <paramref name="ssrc"/> (e.g. after its BYE). True when there was some.</summary>
    public bool RemoveStream(uint ssrc)
    {
        var removed = false;
        foreach (var table in (ReadOnlySpan<ConcurrentDictionary<uint, SrtpStream>>)[_rtp, _rtcp])
        {
            if (table.TryRemove(ssrc, out var stream))
            {
                removed = true;
                lock (stream.Gate)
                {
                    stream.Dispose();
                }
            }
        }

        return removed;
    }

    /// <summary>Releases the crypto instances and zeroes the session keys. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_setupGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var table in (ReadOnlySpan<ConcurrentDictionary<uint, SrtpStream>>)[_rtp, _rtcp])
            {
                foreach (var stream in table.Values)
                {
                    lock (stream.Gate)
                    {
                        stream.Dispose();
                    }
                }

                table.Clear();
            }

            _spareRtp?.Dispose();
            _spareRtcp?.Dispose();
            _keys.Dispose();
        }
    }

    /// <summary>Sets the next SRTCP index of <paramref name="ssrc"/> (tests reproduce RFC 7714's index 0x5d4).</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index)
    {
        var stream = GetOrAdd(_rtcp, ref _spareRtcp, ssrc, rtcp: true) ?? throw new InvalidOperationException("Stream limit reached.");
        lock (stream.Gate)
        {
            stream.NextRtcpIndex = index;
        }
    }

    private static SrtpResult? UnprotectRtpOn(SrtpStream stream, Span<byte> packet, int headerLength, uint ssrc, ushort sequenceNumber)
    {
        lock (stream.Gate)
        {
            if (stream.Disposed)
            {
                return null;
            }

            ulong index;
            if (!stream.Replay.HasAccepted)
            {
                index = ((ulong)stream.InitialRolloverCounter << 16) | sequenceNumber;
            }
            else if (!SrtpIndex.TryEstimate(stream.Replay.Highest, sequenceNumber, out index))
            {
                return SrtpResult.Replayed; // belongs before the first rollover: older than anything valid
            }

            if (index > SrtpIndex.MaxRtpIndex)
            {
                return SrtpResult.KeyLimitReached;
            }

            if (!stream.Replay.Check(index))
            {
                return SrtpResult.Replayed;
            }

            if (!stream.Cipher.DecryptRtp(packet, headerLength, ssrc, (uint)(index >> 16), sequenceNumber))
            {
                return SrtpResult.AuthenticationFailed;
            }

            stream.Replay.Accept(index);
            return SrtpResult.Ok;
        }
    }

    private static SrtpResult? UnprotectRtcpOn(SrtpStream stream, Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        lock (stream.Gate)
        {
            if (stream.Disposed)
            {
                return null;
            }

            if (!stream.Replay.Check(index))
            {
                return SrtpResult.Replayed;
            }

            if (!stream.Cipher.DecryptRtcp(packet, ssrc, index, encrypted))
            {
                return SrtpResult.AuthenticationFailed;
            }

            stream.Replay.Accept(index);
            return SrtpResult.Ok;
        }
    }

    private SrtpStream? GetOrAdd(ConcurrentDictionary<uint, SrtpStream> table, ref SrtpStream? spare, uint ssrc, bool rtcp)
    {
        if (table.TryGetValue(ssrc, out var stream))
        {
            return stream;
        }

        lock (_setupGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (table.TryGetValue(ssrc, out stream))
            {
                return stream;
            }

            if (table.Count >= _maxStreams)
            {
                return null;
            }

            stream = TakeSpare(ref spare, ssrc, rtcp);
            table[ssrc] = stream;
            return stream;
        }
    }

    // Caller holds _setupGate.
    private SrtpStream TakeSpare(ref SrtpStream? spare, uint ssrc, bool rtcp)
    {
        var stream = spare ?? new SrtpStream(CreateCipher(rtcp), _replayWindowSize);
        spare = null;
        stream.Reset(ssrc);
        return stream;
    }

    private ISrtpCipher CreateCipher(bool rtcp)
    {
        var key = rtcp ? _keys.RtcpKey : _keys.RtpKey;
        var salt = rtcp ? _keys.RtcpSalt : _keys.RtpSalt;
        return _aead
            ? new SrtpAesGcmCipher(key, salt)
            : new SrtpAesCmHmacSha1Cipher(key, salt, rtcp ? _keys.RtcpAuthKey : _keys.RtpAuthKey, _rtpTag, _rtcpTag);
    }
}
