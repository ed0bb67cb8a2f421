using System.Diagnostics.Metrics;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Metrics of the SIP transport, on the meter <c>Rethink.Ims.Sip.Transport</c>:
/// <c>rethink.ims.sip.messages.received</c> and <c>rethink.ims.sip.messages.sent</c> (tag <c>transport</c>),
/// <c>rethink.ims.sip.parse_errors</c> (tags <c>transport</c>, <c>error</c>),
/// <c>rethink.ims.sip.dropped</c> (tags <c>transport</c>, <c>reason</c>),
/// <c>rethink.ims.sip.connections.opened</c>, <c>rethink.ims.sip.connections.refused</c> (tags <c>transport</c>, <c>reason</c>)
/// and the up-down counter <c>rethink.ims.sip.connections.active</c>.
/// </summary>
public sealed class SipTransportMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Sip.Transport";

    // Counted per message, so counted here and read by the meter when it collects (observable counters): an instrument's
    // Add with a tag costs a listener's aggregation lookup on every message, this an interlocked increment.
    private readonly long[] _received = new long[TransportKinds];
    private readonly long[] _sent = new long[TransportKinds];
    private readonly Counter<long> _parseErrors;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _opened;
    private readonly Counter<long> _refused;
    private readonly UpDownCounter<long> _active;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SipTransportMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("rethink.ims.sip.messages.received", () => Observe(_received), description: "SIP messages received, by transport.");
        meter.CreateObservableCounter("rethink.ims.sip.messages.sent", () => Observe(_sent), description: "SIP messages sent, by transport.");
        _parseErrors = meter.CreateCounter<long>("rethink.ims.sip.parse_errors", description: "Received bytes that did not parse, by error.");
        _dropped = meter.CreateCounter<long>("rethink.ims.sip.dropped", description: "Messages dropped, by reason.");
        _opened = meter.CreateCounter<long>("rethink.ims.sip.connections.opened", description: "Connections accepted.");
        _refused = meter.CreateCounter<long>("rethink.ims.sip.connections.refused", description: "Connections refused, by reason.");
        _active = meter.CreateUpDownCounter<long>("rethink.ims.sip.connections.active", description: "Open connections.");
    }

    private const int TransportKinds = (int)SipTransportKind.Wss + 1;

    internal void Received(SipTransportKind transport) => Interlocked.Increment(ref _received[(int)transport]);

    internal void Sent(SipTransportKind transport) => Interlocked.Increment(ref _sent[(int)transport]);

    internal void ParseError(SipTransportKind transport, SipParseError error) =>
        _parseErrors.Add(1, Tag(transport), new KeyValuePair<string, object?>("error", error.ToString()));

    internal void Dropped(SipTransportKind transport, string reason) =>
        _dropped.Add(1, Tag(transport), new KeyValuePair<string, object?>("reason", reason));

    internal void Opened(SipTransportKind transport)
    {
        _opened.Add(1, Tag(transport));
        _active.Add(1, Tag(transport));
    }

    internal void ClosedConnection(SipTransportKind transport) => _active.Add(-1, Tag(transport));

    internal void Refused(SipTransportKind transport, string reason) =>
        _refused.Add(1, Tag(transport), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The totals of the transports that counted anything (a total once reported stays above zero).</summary>
    private static List<Measurement<long>> Observe(long[] counts)
    {
        var measurements = new List<Measurement<long>>();
        for (var kind = 0; kind < counts.Length; kind++)
        {
            var count = Volatile.Read(ref counts[kind]);
            if (count > 0)
            {
                measurements.Add(new Measurement<long>(count, Tag((SipTransportKind)kind)));
            }
        }

        return measurements;
    }

    private static KeyValuePair<string, object?> Tag(SipTransportKind transport) =>
        new("transport", SipListenerEndpoint.SchemeOf(transport));
}
