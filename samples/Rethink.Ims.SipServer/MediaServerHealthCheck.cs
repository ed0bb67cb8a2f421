using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rethink.Ims.Sip.Proxy;

namespace Rethink.Ims.SipServer;

/// <summary>
/// Asks the media server (ours or rtpengine) for an ng <c>pong</c>: without it browser calls are refused with 503, so the
/// edge reports Degraded (still serving registrations and plain calls) rather than Unhealthy.
/// </summary>
internal sealed class MediaServerHealthCheck(NgMediaAnchor anchor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await anchor.PingAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy($"media server udp:{anchor.Server} answers ng ping")
            : HealthCheckResult.Degraded($"media server udp:{anchor.Server} does not answer ng ping; browser calls get 503");
}
