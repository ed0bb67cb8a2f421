using Microsoft.Extensions.DependencyInjection.Extensions;
using Rethink.Ims.Sip.Proxy;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ng-client media anchor for the edge proxy.</summary>
public static class NgMediaAnchorServiceCollectionExtensions
{
    /// <summary>
    /// Makes the edge proxy anchor media through a media server's rtpengine ng control port (our media server sample or
    /// a real rtpengine): <see cref="NgMediaAnchor"/> with <see cref="NgMediaAnchorOptions"/> bound from
    /// <c>Ims:Sip:MediaAnchor</c> replaces any <see cref="ISipMediaAnchor"/> registered before (call it before or after
    /// <c>AddSipProxy</c>; the proxy only adds its default when none is registered).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddSipNgMediaAnchor(this IServiceCollection services, Action<NgMediaAnchorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NgMediaAnchorOptions>().BindConfiguration(NgMediaAnchorOptions.SectionName)
            .Validate(o => NgMediaAnchor.TryParseAddress(o.Ng, out _), $"{NgMediaAnchorOptions.SectionName}:Ng must be udp:<ip>:<port> or <ip>:<port>.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Attempts >= 1, $"{NgMediaAnchorOptions.SectionName}:Timeout must be positive and Attempts at least 1.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NgMediaAnchor>();
        services.RemoveAll<ISipMediaAnchor>();
        services.AddSingleton<ISipMediaAnchor>(sp => sp.GetRequiredService<NgMediaAnchor>());
        return services;
    }
}
