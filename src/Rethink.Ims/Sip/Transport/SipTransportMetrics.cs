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

    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
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
        _received = meter.CreateCounter<long>("rethink.ims.sip.messages.received", description: "SIP messages received, by transport.");
        _sent = meter.CreateCounter<long>("rethink.ims.sip.messages.sent", description: "SIP messages sent, by transport.");
        _parseErrors = meter.CreateCounter<long>("rethink.ims.sip.parse_errors", description: "Received bytes that did not parse, by error.");
        _dropped = meter.CreateCounter<long>("rethink.ims.sip.dropped", description: "Messages dropped, by reason.");
        _opened = meter.CreateCounter<long>("rethink.ims.sip.connections.opened", description: "Connections accepted.");
        _refused = meter.CreateCounter<long>("rethink.ims.sip.connections.refused", description: "Connections refused, by reason.");
        _active = meter.CreateUpDownCounter<long>("rethink.ims.sip.connections.active", description: "Open connections.");
    }

    internal void Received(SipTransportKind transport) => _received.Add(1, Tag(transport));

    internal void Sent(SipTransportKind transport) => _sent.Add(1, Tag(transport));

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

    private static KeyValuePair<string, object?> Tag(SipTransportKind transport) =>
        new("transport", SipListenerEndpoint.SchemeOf(transport));
}
