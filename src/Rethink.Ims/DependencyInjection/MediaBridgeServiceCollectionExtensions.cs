using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Control;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Sip.Proxy;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the media bridge and its rtpengine-compatible ng control server.</summary>
public static class MediaBridgeServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="MediaBridge"/> with <see cref="MediaBridgeOptions"/> bound from <c>Ims:MediaBridge</c> and
    /// validated at start (each failure names its key), its metrics (and ICE and DTLS metrics), and
    /// <see cref="MediaBridgeControl"/> as both <see cref="IMediaSessionControl"/> and <see cref="ISipMediaAnchor"/>.
    /// The anchor replaces any one registered before (the edge proxy's default <see cref="NoMediaAnchor"/>), so the
    /// proxy bridges browser calls with no further configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddImsMediaBridge(this IServiceCollection services, Action<MediaBridgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MediaBridgeOptions>().BindConfiguration(MediaBridgeOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaBridgeOptions>, MediaBridgeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<MediaBridgeMetrics>();
        services.TryAddSingleton<IceMetrics>();
        services.TryAddSingleton<DtlsMetrics>();
        services.TryAddSingleton(sp => new MediaBridge(
            sp.GetRequiredService<IOptions<MediaBridgeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<MediaBridgeMetrics>(),
            sp.GetRequiredService<IceMetrics>(),
            sp.GetRequiredService<DtlsMetrics>()));
        services.TryAddSingleton<MediaBridgeControl>();
        services.TryAddSingleton<IMediaSessionControl>(sp => sp.GetRequiredService<MediaBridgeControl>());
        services.RemoveAll<ISipMediaAnchor>();
        services.AddSingleton<ISipMediaAnchor>(sp => sp.GetRequiredService<MediaBridgeControl>());
        return services;
    }

    /// <summary>
    /// Adds <see cref="NgControlServer"/> as a hosted service with <see cref="NgControlServerOptions"/> bound from
    /// <c>Ims:NgControl</c> (default 127.0.0.1:2223, rtpengine's customary port) and validated at start. It drives
    /// whichever <see cref="IMediaSessionControl"/> is registered (the bridge, after <see cref="AddImsMediaBridge"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddImsNgControlServer(this IServiceCollection services, Action<NgControlServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NgControlServerOptions>().BindConfiguration(NgControlServerOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NgControlServerOptions>, NgControlServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<NgControlMetrics>();
        services.TryAddSingleton<NgControlServer>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NgControlServer>());
        return services;
    }
}
