using System.Diagnostics.Metrics;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// Metrics of digest authentication, on the meter <c>Rethink.Ims.Sip.Auth</c>: <c>rethink.ims.sip.auth.challenges</c> (tag
/// <c>stale</c>: true/false), <c>rethink.ims.sip.auth.successes</c> (tag <c>source</c>: static, ephemeral) and
/// <c>rethink.ims.sip.auth.failures</c> (tag <c>rc</c>: the Kamailio return code, e.g. -2; throttled requests count with
/// <c>rc</c> "throttled"). No tag ever holds a username, a realm or a source address.
/// </summary>
public sealed class SipAuthMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Sip.Auth";

    private readonly Counter<long> _challenges;
    private readonly Counter<long> _successes;
    private readonly Counter<long> _failures;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SipAuthMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _challenges = meter.CreateCounter<long>("rethink.ims.sip.auth.challenges", description: "Challenges sent (401/407), by stale flag.");
        _successes = meter.CreateCounter<long>("rethink.ims.sip.auth.successes", description: "Requests authenticated, by credential source.");
        _failures = meter.CreateCounter<long>("rethink.ims.sip.auth.failures", description: "Requests not authenticated, by Kamailio return code.");
    }

    internal void Challenged(bool stale) => _challenges.Add(1, new KeyValuePair<string, object?>("stale", stale ? "true" : "false"));

    internal void Succeeded(SipAuthCredentialSource source) =>
        _successes.Add(1, new KeyValuePair<string, object?>("source", source == SipAuthCredentialSource.Static ? "static" : "ephemeral"));

    internal void Failed(string rc) => _failures.Add(1, new KeyValuePair<string, object?>("rc", rc));
}
