namespace Rethink.Ims.Media.Ice;

/// <summary>Timers and limits of an <see cref="IceLiteAgent"/> or <see cref="IceControllingClient"/>.</summary>
public sealed class IceAgentOptions
{
    /// <summary>
    /// How long consent lasts after the last valid check on the selected pair (RFC 7675 §5.1: 30 s). When it
    /// runs out the agent goes <see cref="IceAgentState.Failed"/> and media must stop.
    /// </summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a new agent (or one after an ICE restart without a selected pair) waits for a nomination before failing (default 30 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many peer-reflexive remote addresses are remembered (default 8). A new one beyond that replaces the
    /// least recently checked one that is not selected, so forged sources cannot grow memory.
    /// </summary>
    public int MaxRemoteCandidates { get; set; } = 8;

    /// <summary>Client side: the first retransmission timeout of a check (RFC 8445 §14.3: at least 500 ms; default 500 ms); it doubles per retransmission.</summary>
    public TimeSpan RetransmitTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Client side: transmissions of one check before it fails (RFC 8489 Rc; default 7).</summary>
    public int MaxTransmissions { get; set; } = 7;

    /// <summary>Client side: the interval between consent checks once connected (RFC 7675 §5.1: about 5 s, jittered ±20 %).</summary>
    public TimeSpan ConsentInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range (a configuration error).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConsentTimeout, TimeSpan.Zero, nameof(ConsentTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRemoteCandidates, 1, nameof(MaxRemoteCandidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetransmitTimeout, TimeSpan.FromMilliseconds(1), nameof(RetransmitTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransmissions, 1, nameof(MaxTransmissions));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConsentInterval, TimeSpan.Zero, nameof(ConsentInterval));
    }
}
