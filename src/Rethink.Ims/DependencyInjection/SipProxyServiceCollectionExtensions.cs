using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Proxy;
using Rethink.Ims.Sip.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the edge proxy.</summary>
public static class SipProxyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the RFC 3261 §16 edge proxy: <see cref="SipProxyOptions"/> bound from <c>Ims:Sip:Proxy</c> and validated at start
    /// (the upstream is checked and named by key), <see cref="SipProxy"/>, <see cref="SipProxyMiddleware"/> (last step) and
    /// <see cref="SipUpstreamMiddleware"/> (before authentication), <see cref="SipRegistrationRelayMiddleware"/> (between
    /// authentication and the registrar; relays REGISTERs to the core when <c>Ims:Sip:Proxy:RegistrationRelay:Enabled</c>), and <see cref="NoMediaAnchor"/> as
    /// <see cref="ISipMediaAnchor"/> unless one is registered, and <see cref="SipProxyMetrics"/>. Needs <c>AddSipTransactions</c>, <c>AddSipRegistrar</c>
    /// (the location store) and <c>AddSipServer</c>. Services are added with <c>TryAdd</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddSipProxy(this IServiceCollection services, Action<SipProxyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipProxyOptions>().BindConfiguration(SipProxyOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipProxyOptions>, SipProxyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SipOutboundConnector>();
        services.TryAddSingleton(sp => new SipLocalDomains(sp.GetRequiredService<IOptions<SipServerOptions>>()));
        services.TryAddSingleton<ISipMediaAnchor>(NoMediaAnchor.Instance);
        services.AddMetrics();
        services.TryAddSingleton<SipProxyMetrics>();
        services.TryAddSingleton<SipProxy>();
        services.TryAddSingleton<SipProxyMiddleware>();
        services.TryAddSingleton<SipUpstreamMiddleware>();
        services.TryAddSingleton<SipRegistrationRelay>();
        services.TryAddSingleton<SipRegistrationRelayMiddleware>();
        return services;
    }
}
