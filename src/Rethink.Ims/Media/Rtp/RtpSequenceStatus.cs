namespace Rethink.Ims.Media.Rtp;

/// <summary>What <see cref="RtpSequenceTracker.Update"/> made of a sequence number (RFC 3550 A.1).</summary>
public enum RtpSequenceStatus
{
    /// <summary>In order (or a small forward gap): counted, the highest number advanced.</summary>
    Accepted,

    /// <summary>Late, duplicate or reordered within the misorder limit: counted, the highest number kept.</summary>
    Reordered,

    /// <summary>The source is still on probation (not enough sequential packets yet): not counted.</summary>
    Probation,

    /// <summary>A large jump: not counted until the next packet confirms it.</summary>
    Jumped,

    /// <summary>A second packet confirmed a jump: the source restarted and the counters were reset.</summary>
    Restarted,
}
