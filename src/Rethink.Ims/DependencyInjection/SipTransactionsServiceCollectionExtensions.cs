using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transactions;
using Rethink.Ims.Sip.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SIP transaction layer in front of the pipeline.</summary>
public static class SipTransactionsServiceCollectionExtensions
{
    /// <summary>
    /// Turns the RFC 3261 §17 transaction layer on for the SIP server: <see cref="SipTransactionOptions"/> bound from
    /// <c>Ims:Sip:Transactions</c> and validated at start, a <see cref="SipTransactionLayer"/> sending through the transport
    /// (<see cref="SipFlowTransactionTransport"/>), and <see cref="SipTransactionInboundHandler"/> as the
    /// <see cref="ISipInboundHandler"/> (it replaces the plain pipeline handler whether called before or after
    /// <c>AddSipServer</c>, which must also be called).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddSipTransactions(this IServiceCollection services, Action<SipTransactionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipTransactionOptions>().BindConfiguration(SipTransactionOptionsValidator.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(SipTransactionLayer)))
        {
            return services;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipTransactionOptions>, SipTransactionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SipTransactionMetrics>();
        services.TryAddSingleton<SipTransportMetrics>();
        services.TryAddSingleton(sp => new SipFlowTransactionTransport(sp.GetRequiredService<ISipResponseSender>()));
        services.AddSingleton(sp => new SipTransactionLayer(
            sp.GetRequiredService<SipFlowTransactionTransport>(),
            sp.GetRequiredService<IOptions<SipTransactionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SipTransactionMetrics>(),
            sp.GetRequiredService<ILogger<SipTransactionLayer>>()));
        services.Replace(ServiceDescriptor.Singleton<ISipInboundHandler>(sp => new SipTransactionInboundHandler(
            sp.GetRequiredService<SipTransactionLayer>(),
            sp.GetRequiredService<SipPipelineHandler>(),
            sp.GetRequiredService<SipTransportMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SipTransactionInboundHandler>>())));
        return services;
    }
}
