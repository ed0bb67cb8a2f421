using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Credentials;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SIP digest authentication with the ephemeral credentials of the credential service.</summary>
public static class SipAuthServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SipDigestAuthenticator"/> with <see cref="SipDigestOptions"/> bound from <c>Ims:Sip:Auth</c> and
    /// validated at start, checking ephemeral credentials against the secret ring of <c>Ims:EphemeralAuth</c> (the same
    /// <c>Secrets</c>, <c>UsernameFormat</c> and <c>HashAlgorithm</c> the credential service signs with; see
    /// <see cref="EphemeralAuthServiceCollectionExtensions.AddImsEphemeralCredentials"/>), plus an
    /// <see cref="IStaticCredentialStore"/> when one is registered. Also adds <see cref="SipLocalDomains"/>
    /// (<c>Ims:Sip:Domains</c>), <see cref="SipDigestAuthMiddleware"/> and <see cref="SipRelayPolicyMiddleware"/>: put them
    /// in the pipeline with <c>UseMiddleware</c>. Services are added with <c>TryAdd</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddSipDigestAuth(this IServiceCollection services, Action<SipDigestOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddImsEphemeralCredentials();
        var options = services.AddOptions<SipDigestOptions>().BindConfiguration(SipDigestOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipDigestOptions>, SipDigestOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SipAuthMetrics>();
        services.TryAddSingleton(sp => new SipLocalDomains(sp.GetRequiredService<IOptions<SipServerOptions>>()));
        services.TryAddSingleton(sp => new SipDigestAuthenticator(
            sp.GetRequiredService<IOptions<SipDigestOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<EphemeralCredentialVerifier>(),
            sp.GetService<IStaticCredentialStore>(),
            sp.GetRequiredService<SipAuthMetrics>()));
        services.TryAddSingleton<SipDigestAuthMiddleware>();
        services.TryAddSingleton<SipRelayPolicyMiddleware>();
        return services;
    }
}
