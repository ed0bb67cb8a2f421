namespace Rethink.Ims.Sip.Transactions;

/// <summary>Timers and limits of the transaction layer (RFC 3261 §17, table 4 of Appendix A).</summary>
public sealed class SipTransactionOptions
{
    /// <summary>T1, the round-trip time estimate: first retransmission interval; 64*T1 is the transaction timeout. Default 500 ms.</summary>
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>T2, the cap of the doubling retransmission interval of non-INVITE requests and INVITE final responses. Default 4 s.</summary>
    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>T4, how long a message may stay in the network: timers I and K over unreliable transports. Default 5 s.</summary>
    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D, how long an INVITE client transaction absorbs retransmitted final responses over unreliable transports. Default 32 s.</summary>
    public TimeSpan TimerD { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>The most transactions (server and client together) alive at once; past it, new server transactions are refused
    /// with a stateless 503 and new client transactions complete at once with a local 503. Default 100,000.</summary>
    public int MaxTransactions { get; set; } = 100_000;

    /// <summary>The Retry-After value (seconds) of the 503 sent when <see cref="MaxTransactions"/> is reached. Default 5.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>How many undelivered responses a client transaction's <see cref="SipClientTransaction.Responses"/> holds;
    /// beyond it, further responses are dropped from the reader (the final one is always on <see cref="SipClientTransaction.Completion"/>). Default 16.</summary>
    public int ResponseQueueCapacity { get; set; } = 16;

    /// <summary>What to do with a branch that is just the magic cookie (RFC 4475 badbranch). Default <see cref="SipCookieOnlyBranchPolicy.Reject"/>.</summary>
    public SipCookieOnlyBranchPolicy CookieOnlyBranch { get; set; } = SipCookieOnlyBranchPolicy.Reject;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range (bad configuration).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(T1, TimeSpan.Zero, nameof(T1));
        ArgumentOutOfRangeException.ThrowIfLessThan(T2, T1, nameof(T2));
        ArgumentOutOfRangeException.ThrowIfLessThan(T4, TimeSpan.Zero, nameof(T4));
        ArgumentOutOfRangeException.ThrowIfLessThan(TimerD, TimeSpan.Zero, nameof(TimerD));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransactions, 1, nameof(MaxTransactions));
        ArgumentOutOfRangeException.ThrowIfNegative(RetryAfterSeconds, nameof(RetryAfterSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(ResponseQueueCapacity, 1, nameof(ResponseQueueCapacity));
    }
}
