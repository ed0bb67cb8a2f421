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

    // Every transaction starts and ends here, so the live counts are kept as interlocked totals per kind and read by the
    // meter when it collects (an observable up-down counter), not an instrument Add (an exporter's lookup) per change.
    private static readonly string[] Kinds = ["server-invite", "server-non-invite", "client-invite", "client-non-invite"];
    private readonly long[] _active = new long[Kinds.Length];
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _refused;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SipTransactionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableUpDownCounter("rethink.ims.sip.transactions.active", ObserveActive, description: "Live transactions, by kind.");
        _timeouts = meter.CreateCounter<long>("rethink.ims.sip.transactions.timeouts", description: "Transactions ended by a timeout timer (B, F, H).");
        _retransmissions = meter.CreateCounter<long>("rethink.ims.sip.transactions.retransmissions", description: "Messages re-sent by transactions, by kind.");
        _refused = meter.CreateCounter<long>("rethink.ims.sip.transactions.refused", description: "Requests refused with 503 because the transaction limit was reached.");
    }

    internal void Started(string kind) => Interlocked.Increment(ref _active[Array.IndexOf(Kinds, kind)]);

    internal void Ended(string kind) => Interlocked.Decrement(ref _active[Array.IndexOf(Kinds, kind)]);

    internal void TimedOut(string timer) => _timeouts.Add(1, new KeyValuePair<string, object?>("timer", timer));

    internal void Retransmitted(string kind) => _retransmissions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal void Refused() => _refused.Add(1);

    private Measurement<long>[] ObserveActive()
    {
        var measurements = new Measurement<long>[Kinds.Length];
        for (var i = 0; i < Kinds.Length; i++)
        {
            measurements[i] = new Measurement<long>(Volatile.Read(ref _active[i]), new KeyValuePair<string, object?>("kind", Kinds[i]));
        }

        return measurements;
    }
}
