using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.Provisioning;

/// <summary>Healthy while the secret ring holds at least one secret (so credentials can be issued).</summary>
internal sealed class EphemeralAuthHealthCheck(SecretRing secrets) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(secrets.Count > 0
            ? HealthCheckResult.Healthy($"{secrets.Count} shared secret(s)")
            : HealthCheckResult.Unhealthy("no shared secret: credentials cannot be issued"));
}
