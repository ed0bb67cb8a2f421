using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SIP server.</summary>
public static class SipServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the hosted SIP server: <see cref="SipServerOptions"/> bound from <c>Ims:Sip</c> and validated at start,
    /// the transport's metrics and flow registry, the §18.2.2 response sender, and the pipeline built from every
    /// <paramref name="pipeline"/> callback (in the order of the calls) in front of the default 501 terminal.
    /// Services are added with <c>TryAdd</c>: an <see cref="ISipInboundHandler"/> or <see cref="ISipResponseSender"/>
    /// registered before (a transaction layer) replaces the default.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    /// <param name="pipeline">Adds steps to the pipeline.</param>
    public static IServiceCollection AddSipServer(
        this IServiceCollection services,
        Action<SipServerOptions>? configure = null,
        Action<SipPipelineBuilder>? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipServerOptions>().BindConfiguration(SipServerOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (pipeline is not null)
        {
            services.AddSingleton(new SipPipelineSetup(pipeline));
        }

        if (services.Any(d => d.ServiceType == typeof(SipServer)))
        {
            return services;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipServerOptions>, SipServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SipTransportMetrics>();
        services.TryAddSingleton<SipFlowRegistry>();
        services.TryAddSingleton<SipOutboundConnector>();
        services.TryAddSingleton<ISipResponseSender>(sp => new SipResponseSender(sp.GetRequiredService<SipTransportMetrics>()));
        services.TryAddSingleton(sp => new SipPipelineHandler(
            BuildPipeline(sp),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<ISipResponseSender>(),
            sp.GetRequiredService<SipTransportMetrics>(),
            sp.GetRequiredService<ILogger<SipPipelineHandler>>()));
        services.TryAddSingleton<ISipInboundHandler>(sp => sp.GetRequiredService<SipPipelineHandler>());
        services.AddSingleton<SipServer>();
        services.AddHostedService(sp => sp.GetRequiredService<SipServer>());
        return services;
    }

    private static SipRequestDelegate BuildPipeline(IServiceProvider services)
    {
        var builder = new SipPipelineBuilder(services);
        foreach (var setup in services.GetServices<SipPipelineSetup>())
        {
            setup.Configure(builder);
        }

        return builder.Build();
    }
}
