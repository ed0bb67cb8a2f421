using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Provisioning;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the credential endpoint.</summary>
public static partial class CredentialEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET</c> (and the CORS preflight) of the credential endpoint at <paramref name="pattern"/>, and, when
    /// <c>Ims:EphemeralAuth:DevelopmentIssuer:Enabled</c> is on, <c>GET /dev/token</c> and <c>GET /dev/jwks</c>.
    /// Requires <c>services.AddImsEphemeralAuth()</c>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route, <c>/credential</c> by default as the original service.</param>
    /// <returns>The builder of the <c>GET</c> endpoint, to add metadata or filters.</returns>
    public static RouteHandlerBuilder MapImsCredentials(this IEndpointRouteBuilder endpoints, string pattern = "/credential")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<EphemeralAuthOptions>>().Value;

        var handler = services.GetRequiredService<CredentialEndpoint>();
        var get = endpoints.MapGet(pattern, (Func<HttpContext, Task<IResult>>)handler.GetAsync).WithName("ImsCredential");
        endpoints.MapMethods(pattern, ["OPTIONS"], (Func<HttpContext, IResult>)handler.Preflight);

        if (options.DevelopmentIssuer.Enabled)
        {
            var development = services.GetRequiredService<DevelopmentIssuerEndpoints>();
            endpoints.MapGet(DevelopmentIssuerEndpoints.TokenPath, (string? email) => development.Token(email));
            endpoints.MapGet(DevelopmentIssuerEndpoints.JwksPath, () => development.Jwks());
            LogDevelopmentIssuer(services.GetRequiredService<ILoggerFactory>().CreateLogger("Rethink.Ims.Provisioning"));
        }

        return get;
    }

    [LoggerMessage(20, LogLevel.Warning,
        "The development issuer is ON: anyone can get a token for any e-mail address at /dev/token. Never enable it in production.")]
    private static partial void LogDevelopmentIssuer(ILogger logger);
}
