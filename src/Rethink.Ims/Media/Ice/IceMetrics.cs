using System.Diagnostics.Metrics;

namespace Rethink.Ims.Media.Ice;

/// <summary>
/// Metrics of ICE agents, on the meter <c>Rethink.Ims.Media.Ice</c>: <c>rethink.ims.ice.checks.received</c>,
/// <c>rethink.ims.ice.checks.answered</c>, <c>rethink.ims.ice.checks.rejected</c> (tag <c>reason</c>: the
/// <see cref="IceCheckOutcome"/> in kebab case), <c>rethink.ims.ice.nominations</c>,
/// <c>rethink.ims.ice.consent.expiries</c> and <c>rethink.ims.ice.datagrams.dropped</c> (unknown first octet).
/// One instance serves every agent of a process.
/// </summary>
public sealed class IceMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Media.Ice";

    private readonly Counter<long> _received;
    private readonly Counter<long> _answered;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _nominations;
    private readonly Counter<long> _expiries;
    private readonly Counter<long> _dropped;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public IceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("rethink.ims.ice.checks.received", description: "STUN datagrams received by ICE agents.");
        _answered = meter.CreateCounter<long>("rethink.ims.ice.checks.answered", description: "Connectivity checks answered with a success response.");
        _rejected = meter.CreateCounter<long>("rethink.ims.ice.checks.rejected", description: "STUN datagrams rejected, answered with an error or dropped, by reason.");
        _nominations = meter.CreateCounter<long>("rethink.ims.ice.nominations", description: "Checks with USE-CANDIDATE that selected a pair.");
        _expiries = meter.CreateCounter<long>("rethink.ims.ice.consent.expiries", description: "Agents that failed: consent expired or no pair selected in time.");
        _dropped = meter.CreateCounter<long>("rethink.ims.ice.datagrams.dropped", description: "Datagrams dropped because their first octet matches no RFC 7983 range.");
    }

    /// <summary>Counts a datagram of <see cref="MediaPacketKind.Unknown"/> kind dropped by the caller's demultiplexer.</summary>
    public void UnknownDatagramDropped() => _dropped.Add(1);

    internal void Record(IceCheckOutcome outcome)
    {
        _received.Add(1);
        switch (outcome)
        {
            case IceCheckOutcome.Accepted:
                _answered.Add(1);
                break;
            case IceCheckOutcome.Nominated:
                _answered.Add(1);
                _nominations.Add(1);
                break;
            case IceCheckOutcome.ResponseHandled:
                break;
            default:
                _rejected.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(outcome)));
                break;
        }
    }

    internal void ConsentExpired() => _expiries.Add(1);

    private static string ReasonTag(IceCheckOutcome outcome) => outcome switch
    {
        IceCheckOutcome.Malformed => "malformed",
        IceCheckOutcome.BadFingerprint => "bad-fingerprint",
        IceCheckOutcome.Ignored => "ignored",
        IceCheckOutcome.BadRequest => "bad-request",
        IceCheckOutcome.WrongUsername => "wrong-username",
        IceCheckOutcome.BadIntegrity => "bad-integrity",
        IceCheckOutcome.UnknownAttributes => "unknown-attributes",
        IceCheckOutcome.RoleConflict => "role-conflict",
        IceCheckOutcome.UnmatchedResponse => "unmatched-response",
        IceCheckOutcome.Closed => "closed",
        _ => "other",
    };
}
