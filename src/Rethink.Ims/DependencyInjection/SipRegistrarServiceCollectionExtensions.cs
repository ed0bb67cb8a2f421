using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Registrar;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SIP registrar.</summary>
public static class SipRegistrarServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SipRegistrar"/> with <see cref="SipRegistrarOptions"/> bound from <c>Ims:Sip:Registrar</c> and
    /// validated at start (when <c>LocalDomains</c> is empty it takes <c>Ims:Sip:Domains</c>), an
    /// <see cref="InMemoryLocationStore"/> as <see cref="ILocationStore"/> (register another store first to replace it),
    /// the registrar's metrics and <see cref="SipRegistrarMiddleware"/>: put it in the pipeline with
    /// <c>UseMiddleware&lt;SipRegistrarMiddleware&gt;()</c>. Services are added with <c>TryAdd</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddSipRegistrar(this IServiceCollection services, Action<SipRegistrarOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipRegistrarOptions>().BindConfiguration(SipRegistrarOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IOptions<SipServerOptions>>((registrar, server) =>
        {
            if (registrar.LocalDomains.Count == 0)
            {
                foreach (var domain in server.Value.Domains)
                {
                    registrar.LocalDomains.Add(domain);
                }
            }
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipRegistrarOptions>, SipRegistrarOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SipRegistrarMetrics>();
        services.TryAddSingleton<ILocationStore, InMemoryLocationStore>();
        services.TryAddSingleton<SipRegistrar>();
        services.TryAddSingleton<SipRegistrarMiddleware>();
        return services;
    }
}
