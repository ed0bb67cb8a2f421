namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// Tracks one source's sequence numbers as RFC 3550 Appendix A.1 does: rollover counting, probation
/// for new sources, large-jump detection and resynchronisation, and the counters for loss reports.
/// Not thread-safe: one instance belongs to one receiver.
/// </summary>
public sealed class RtpSequenceTracker
{
    /// <summary>Largest forward gap still taken as in-order (RFC 3550 A.1 MAX_DROPOUT).</summary>
    public const int MaxDropout = 3000;

    /// <summary>Largest backward step still taken as reordering (RFC 3550 A.1 MAX_MISORDER).</summary>
    public const int MaxMisorder = 100;

    private const int SequenceModulus = 1 << 16;

    private readonly int _minSequential;
    private bool _started;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private int _badSeq = SequenceModulus + 1;
    private int _probation;

    /// <summary>
    /// Creates a tracker. <paramref name="minSequential"/> is the number of sequential packets a new
    /// source must send before it counts (RFC 3550 uses 2; 0 or 1 accepts the first packet, which suits
    /// SRTP streams whose packets are already authenticated).
    /// </summary>
    public RtpSequenceTracker(int minSequential = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minSequential);
        _minSequential = minSequential;
    }

    /// <summary>The highest sequence number seen, extended with the rollover count (cycles × 65536 + max).</summary>
    public long ExtendedHighestSequence => _cycles + (long)_maxSeq;

    /// <summary>Number of times the sequence number wrapped from 65535 to 0.</summary>
    public uint Rollovers => _cycles >> 16;

    /// <summary>The first sequence number counted (after probation or restart).</summary>
    public uint BaseSequence => _baseSeq;

    /// <summary>Packets counted (RFC 3550 A.1 <c>received</c>).</summary>
    public long Received { get; private set; }

    /// <summary>Packets expected from the base to the highest extended number (RFC 3550 A.3).</summary>
    public long Expected => Received == 0 ? 0 : ExtendedHighestSequence - _baseSeq + 1;

    /// <summary>Cumulative number of packets lost (may be negative with duplicates, as RFC 3550 A.3 notes).</summary>
    public long Lost => Expected - Received;

    /// <summary>Feeds one packet's sequence number.</summary>
    public RtpSequenceStatus Update(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            Init(sequenceNumber);
            if (_minSequential <= 1)
            {
                Received = 1;
                return RtpSequenceStatus.Accepted;
            }

            _maxSeq = (ushort)(sequenceNumber - 1);
            _probation = _minSequential;
        }

        var delta = (ushort)(sequenceNumber - _maxSeq);
        if (_probation > 0)
        {
            if (sequenceNumber == (ushort)(_maxSeq + 1))
            {
                _probation--;
                _maxSeq = sequenceNumber;
                if (_probation == 0)
                {
                    Init(sequenceNumber);
                    Received++;
                    return RtpSequenceStatus.Accepted;
                }
            }
            else
            {
                _probation = _minSequential - 1;
                _maxSeq = sequenceNumber;
            }

            return RtpSequenceStatus.Probation;
        }

        if (delta == 0)
        {
            Received++;
            return RtpSequenceStatus.Reordered; // duplicate
        }

        if (delta < MaxDropout)
        {
            if (sequenceNumber < _maxSeq)
            {
                _cycles += SequenceModulus;
            }

            _maxSeq = sequenceNumber;
            Received++;
            return RtpSequenceStatus.Accepted;
        }

        if (delta <= SequenceModulus - MaxMisorder)
        {
            if (sequenceNumber == _badSeq)
            {
                // Two sequential packets after a jump: the source restarted.
                Init(sequenceNumber);
                Received++;
                return RtpSequenceStatus.Restarted;
            }

            _badSeq = (sequenceNumber + 1) & (SequenceModulus - 1);
            return RtpSequenceStatus.Jumped;
        }

        Received++;
        return RtpSequenceStatus.Reordered;
    }

    private void Init(ushort sequenceNumber)
    {
        _baseSeq = sequenceNumber;
        _maxSeq = sequenceNumber;
        _badSeq = SequenceModulus + 1;
        _cycles = 0;
        Received = 0;
    }
}
