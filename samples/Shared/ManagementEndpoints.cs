using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Rethink.Ims.Samples;

/// <summary>
/// The health and metrics endpoints every sample serves: <c>/health</c> (ASP.NET Core health checks: 200 Healthy,
/// 503 Unhealthy) and <c>/metrics</c> (Prometheus text format, from every <c>Rethink.Ims.*</c> meter of the library plus
/// the .NET runtime's and, for the HTTP samples, ASP.NET Core's meters), through OpenTelemetry's Prometheus exporter.
/// Shared as a linked source file, so the library itself does not depend on OpenTelemetry.
/// </summary>
internal static class ManagementEndpoints
{
    /// <summary>The library's meters: every meter name starts with this.</summary>
    public const string LibraryMeters = "Rethink.Ims.*";

    public static IHealthChecksBuilder AddManagement(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(LibraryMeters)
            .AddMeter("System.Runtime")
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services.AddHealthChecks();
    }

    public static void MapManagement(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
