using System.Diagnostics.Metrics;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// Metrics of the transaction layer, on the meter <c>Rethink.Ims.Sip.Transactions</c>:
/// <c>rethink.ims.sip.transactions.active</c> (up-down, tag <c>kind</c>: server-invite, server-non-invite, client-invite,
/// client-non-invite), <c>rethink.ims.sip.transactions.timeouts</c> (tag <c>timer</c>: B, F, H),
/// <c>rethink.ims.sip.transactions.retransmissions</c> (tag <c>kind</c>: request, response, ack) and
/// <c>rethink.ims.sip.transactions.refused</c> (503 sent because the transaction limit was reached).
/// </summary>
public sealed class SipTransactionMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Sip.Transactions";

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _refused;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SipTransactionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>("rethink.ims.sip.transactions.active", description: "Live transactions, by kind.");
        _timeouts = meter.CreateCounter<long>("rethink.ims.sip.transactions.timeouts", description: "Transactions ended by a timeout timer (B, F, H).");
        _retransmissions = meter.CreateCounter<long>("rethink.ims.sip.transactions.retransmissions", description: "Messages re-sent by transactions, by kind.");
        _refused = meter.CreateCounter<long>("rethink.ims.sip.transactions.refused", description: "Requests refused with 503 because the transaction limit was reached.");
    }

    internal void Started(string kind) => _active.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal void Ended(string kind) => _active.Add(-1, new KeyValuePair<string, object?>("kind", kind));

    internal void TimedOut(string timer) => _timeouts.Add(1, new KeyValuePair<string, object?>("timer", timer));

    internal void Retransmitted(string kind) => _retransmissions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal void Refused() => _refused.Add(1);
}
