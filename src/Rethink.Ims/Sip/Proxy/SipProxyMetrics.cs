using System.Diagnostics.Metrics;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// Metrics of the edge proxy, on the meter <c>Rethink.Ims.Sip.Proxy</c>:
/// <c>rethink.ims.sip.proxy.requests</c> (requests forwarded, tag <c>method</c>; ACK and CANCEL included),
/// <c>rethink.ims.sip.proxy.responses</c> (responses sent back to the requester for forwarded requests, tag <c>class</c>:
/// 1xx … 6xx), <c>rethink.ims.sip.proxy.refusals</c> (requests the proxy answered itself without forwarding, tags
/// <c>status</c> and <c>reason</c>: not-relaying, not-found, loop, too-many-hops, bad-extension, internal) and
/// <c>rethink.ims.sip.proxy.upstream_failures</c> (a branch or a relayed REGISTER ended with a local 408, 480 or 503 because
/// the next hop did not answer or could not be reached, tag <c>status</c>).
/// </summary>
public sealed class SipProxyMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Sip.Proxy";

    private static readonly string[] Classes = ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx"];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _upstreamFailures;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SipProxyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("rethink.ims.sip.proxy.requests", description: "Requests forwarded by the proxy, by method.");
        _responses = meter.CreateCounter<long>("rethink.ims.sip.proxy.responses", description: "Responses the proxy sent back for forwarded requests, by class.");
        _refusals = meter.CreateCounter<long>("rethink.ims.sip.proxy.refusals", description: "Requests the proxy answered itself instead of forwarding, by status and reason.");
        _upstreamFailures = meter.CreateCounter<long>("rethink.ims.sip.proxy.upstream_failures", description: "Branches or relayed REGISTERs that ended with a local 408, 480 or 503, by status.");
    }

    internal void Forwarded(SipMethod method) =>
        _requests.Add(1, new KeyValuePair<string, object?>("method", method.Kind == SipMethodKind.Extension ? "other" : method.Name));

    internal void Responded(int status)
    {
        var index = status / 100 - 1;
        if (index is >= 0 and < 6)
        {
            _responses.Add(1, new KeyValuePair<string, object?>("class", Classes[index]));
        }
    }

    internal void Refused(int status) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("status", status), new KeyValuePair<string, object?>("reason", status switch
        {
            403 => "not-relaying",
            404 => "not-found",
            482 => "loop",
            483 => "too-many-hops",
            420 => "bad-extension",
            _ => "internal",
        }));

    internal void UpstreamFailed(int status) =>
        _upstreamFailures.Add(1, new KeyValuePair<string, object?>("status", status));
}
