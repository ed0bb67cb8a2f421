using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Credentials;
using Rethink.Ims.Identity;
using Rethink.Ims.Provisioning;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ephemeral credential service.</summary>
public static class EphemeralAuthServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ephemeral credential service: options bound from <c>Ims:EphemeralAuth</c> and validated at start,
    /// the secret ring (reloaded with the configuration), credential generator and verifier, the identity token
    /// validator, the e-mail to SIP user mapping and the credential provider. Every service is added with
    /// <c>TryAdd</c>, so one registered before this call replaces the default. Map the endpoint with
    /// <c>app.MapImsCredentials()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddImsEphemeralAuth(this IServiceCollection services, Action<EphemeralAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        const string section = EphemeralAuthOptions.SectionName;

        AddImsEphemeralCredentials(services, configure);
        AddIdentityOptions(services, section);

        services.AddCors();
        services.AddHttpClient(IdentityValidatorFactory.HttpClientName);
        services.AddHealthChecks().AddCheck<EphemeralAuthHealthCheck>("ims-ephemeral-auth", tags: ["ims"]);

        services.TryAddSingleton<DevelopmentTokenIssuer>();
        services.TryAddSingleton(IdentityValidatorFactory.Create);
        services.TryAddSingleton<ISipUserMapper, EmailSipUserMapper>();
        services.TryAddSingleton<IEphemeralCredentialProvider, EphemeralCredentialProvider>();

        services.TryAddSingleton<ProvisioningMetrics>();
        services.TryAddSingleton<CredentialRateLimiter>();
        services.TryAddSingleton<CredentialCorsPolicy>();
        services.TryAddSingleton<CredentialEndpoint>();
        services.TryAddSingleton<DevelopmentIssuerEndpoints>();
        return services;
    }

    /// <summary>
    /// Adds only the shared-secret part of the ephemeral credential service, for a SIP server that checks the credentials
    /// the credential service issues: <see cref="EphemeralAuthOptions"/> bound from <c>Ims:EphemeralAuth</c> and validated
    /// at start (<c>Secrets</c>, <c>UsernameFormat</c>, <c>HashAlgorithm</c> are what matter here), the secret ring
    /// (reloaded with the configuration), the <see cref="EphemeralCredentialGenerator"/> and the
    /// <see cref="EphemeralCredentialVerifier"/>. No identity validation, HTTP client, CORS or health check. Services are
    /// added with <c>TryAdd</c>; calling it more than once, or together with <see cref="AddImsEphemeralAuth"/>, is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration is bound.</param>
    public static IServiceCollection AddImsEphemeralCredentials(this IServiceCollection services, Action<EphemeralAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(EphemeralCredentialsMarker)))
        {
            // Bound once: binding the section again would append the secrets a second time.
            if (configure is not null)
            {
                services.Configure(configure);
            }

            return services;
        }

        var options = services.AddOptions<EphemeralAuthOptions>().BindConfiguration(EphemeralAuthOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<EphemeralCredentialsMarker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EphemeralAuthOptions>, EphemeralAuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton(CreateSecretRing);
        services.TryAddSingleton(sp => CredentialOptions(sp));
        services.TryAddSingleton(sp => new EphemeralCredentialGenerator(
            sp.GetRequiredService<SecretRing>(), sp.GetRequiredService<EphemeralCredentialOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EphemeralCredentialVerifier(
            sp.GetRequiredService<SecretRing>(), sp.GetRequiredService<EphemeralCredentialOptions>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static void AddIdentityOptions(IServiceCollection services, string section)
    {
        services.AddOptions<IdTokenValidationOptions>().BindConfiguration($"{section}:IdToken").ValidateOnStart();
        services.AddOptions<AccessTokenValidationOptions>().BindConfiguration($"{section}:AccessToken").ValidateOnStart();
        services.AddOptions<DevelopmentTokenIssuerOptions>().BindConfiguration($"{section}:DevelopmentIssuer");
        services.AddOptions<EmailSipUserMapperOptions>()
            .Configure<IOptions<EphemeralAuthOptions>>((mapper, auth) => mapper.SipDomain = NullIfEmpty(auth.Value.Domain))
            .ValidateOnStart();

        // Each validator runs only when its options are in use, and its messages name the full key.
        services.AddSingleton<IValidateOptions<IdTokenValidationOptions>>(sp =>
        {
            var auth = sp.GetRequiredService<IOptions<EphemeralAuthOptions>>();
            return new PrefixedOptionsValidator<IdTokenValidationOptions>(new IdTokenValidationOptionsValidator(), $"{section}:IdToken",
                () => auth.Value.TokenType == IdentityTokenType.IdToken && !auth.Value.DevelopmentIssuer.Enabled);
        });
        services.AddSingleton<IValidateOptions<AccessTokenValidationOptions>>(sp =>
        {
            var auth = sp.GetRequiredService<IOptions<EphemeralAuthOptions>>();
            return new PrefixedOptionsValidator<AccessTokenValidationOptions>(new AccessTokenValidationOptionsValidator(), $"{section}:AccessToken",
                () => auth.Value.TokenType == IdentityTokenType.AccessToken);
        });
        services.AddSingleton<IValidateOptions<EmailSipUserMapperOptions>>(
            new PrefixedOptionsValidator<EmailSipUserMapperOptions>(new EmailSipUserMapperOptionsValidator(), section, () => true));
    }

    private static SecretRing CreateSecretRing(IServiceProvider services)
    {
        var monitor = services.GetRequiredService<IOptionsMonitor<EphemeralAuthOptions>>();
        var logger = services.GetRequiredService<ILogger<SecretRing>>();
        var ring = new SecretRing(monitor.CurrentValue.Secrets);
        // A configuration reload replaces the ring; an invalid reload (e.g. no secret) keeps the secrets in use.
        monitor.OnChange(updated =>
        {
            if (updated.Secrets.Count > 0 && updated.Secrets.All(s => !string.IsNullOrWhiteSpace(s)))
            {
                ring.Replace(updated.Secrets);
                SecretRingLog.Reloaded(logger, updated.Secrets.Count);
            }
            else
            {
                SecretRingLog.ReloadRefused(logger);
            }
        });
        return ring;
    }

    private static EphemeralCredentialOptions CredentialOptions(IServiceProvider services)
    {
        var auth = services.GetRequiredService<IOptions<EphemeralAuthOptions>>().Value;
        return new EphemeralCredentialOptions { UsernameFormat = auth.UsernameFormat, HashAlgorithm = auth.HashAlgorithm };
    }

    /// <summary>Marks that the shared-secret services were added, so a second call adds no second options binding.</summary>
    private sealed class EphemeralCredentialsMarker;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
