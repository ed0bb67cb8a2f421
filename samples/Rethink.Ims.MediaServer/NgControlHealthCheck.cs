using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.MediaServer;

/// <summary>Healthy while the ng control port is bound; reports the bridge's calls in progress.</summary>
internal sealed class NgControlHealthCheck(NgControlServer control, MediaBridge bridge) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(control.LocalEndPoint is { } ng
            ? HealthCheckResult.Healthy($"ng control on udp:{ng}; {bridge.CallCount} calls")
            : HealthCheckResult.Unhealthy("ng control port not bound"));
}
