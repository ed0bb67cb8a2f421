using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rethink.Ims.SipServer;

/// <summary>Healthy once the SIP server listens on every configured listener.</summary>
internal sealed class SipListenersHealthCheck(Rethink.Ims.Sip.Pipeline.SipServer server) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(server.Listeners.Count > 0
            ? HealthCheckResult.Healthy($"{server.Listeners.Count} listeners: {string.Join(", ", server.Listeners)}")
            : HealthCheckResult.Unhealthy("not listening"));
}
