using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// Builds the <see cref="IIdentityTokenValidator"/> the options ask for: Google ID tokens or access tokens, plus,
/// with the development issuer on, an ordinary ID-token validator for the development issuer's tokens.
/// </summary>
internal static class IdentityValidatorFactory
{
    public const string HttpClientName = "Rethink.Ims.Identity";

    public static IIdentityTokenValidator Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EphemeralAuthOptions>>().Value;
        var primary = CreatePrimary(services, options);
        if (!options.DevelopmentIssuer.Enabled)
        {
            return primary ?? throw new InvalidOperationException(
                "Ims:EphemeralAuth:IdToken:Audiences:0 is required (the OAuth client id tokens must be issued to).");
        }

        var issuer = services.GetRequiredService<DevelopmentTokenIssuer>();
        var development = new DeferredTokenValidator(() => CreateDevelopmentValidator(services, issuer));
        return new IssuerRoutingTokenValidator(
            new Dictionary<string, IIdentityTokenValidator>(StringComparer.Ordinal) { [issuer.Issuer] = development },
            primary ?? development);
    }

    private static IIdentityTokenValidator? CreatePrimary(IServiceProvider services, EphemeralAuthOptions options)
    {
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        var time = services.GetRequiredService<TimeProvider>();
        if (options.TokenType == IdentityTokenType.AccessToken)
        {
            return new GoogleAccessTokenValidator(
                http,
                services.GetRequiredService<IOptions<AccessTokenValidationOptions>>(),
                time,
                services.GetRequiredService<ILogger<GoogleAccessTokenValidator>>());
        }

        var idToken = services.GetRequiredService<IOptions<IdTokenValidationOptions>>();
        if (idToken.Value.Audiences.Count == 0 && options.DevelopmentIssuer.Enabled)
        {
            return null; // development only: no Google client configured
        }

        return new GoogleIdTokenValidator(http, idToken, time, services.GetRequiredService<ILogger<GoogleIdTokenValidator>>());
    }

    private static GoogleIdTokenValidator CreateDevelopmentValidator(IServiceProvider services, DevelopmentTokenIssuer issuer)
    {
        var endpoints = services.GetRequiredService<DevelopmentIssuerEndpoints>();
        var options = new IdTokenValidationOptions { CertificatesUrl = endpoints.JwksUrl() };
        options.TrustedIssuers.Add(issuer.Issuer);
        options.Audiences.Add(issuer.Audience);
        return new GoogleIdTokenValidator(
            services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            Options.Create(options),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<GoogleIdTokenValidator>>());
    }

    /// <summary>Creates its validator on first use, when the host's address (and so the JWKS URL) is known.</summary>
    private sealed class DeferredTokenValidator(Func<IIdentityTokenValidator> create) : IIdentityTokenValidator
    {
        private readonly Lazy<IIdentityTokenValidator> _validator = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

        public ValueTask<IdentityValidationResult> ValidateAsync(string token, CancellationToken cancellationToken) =>
            _validator.Value.ValidateAsync(token, cancellationToken);
    }
}
