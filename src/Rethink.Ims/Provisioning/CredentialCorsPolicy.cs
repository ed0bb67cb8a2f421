using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// Applies the configured CORS policy to the credential endpoint with ASP.NET Core's CORS engine, so
/// the endpoint works without the application adding the CORS middleware.
/// </summary>
internal sealed class CredentialCorsPolicy(ICorsService corsService, IOptions<EphemeralAuthOptions> options)
{
    private readonly CorsPolicy? _policy = Build(options.Value.Cors);

    public void Apply(HttpContext context)
    {
        if (_policy is null || !context.Request.Headers.ContainsKey("Origin"))
        {
            return;
        }

        var result = corsService.EvaluatePolicy(context, _policy);
        corsService.ApplyResult(result, context.Response);
    }

    private static CorsPolicy? Build(CredentialCorsOptions cors)
    {
        var builder = new CorsPolicyBuilder()
            .WithMethods("GET")
            .WithHeaders("authorization", "content-type")
            .AllowCredentials();
        if (cors.AllowAnyOrigin)
        {
            // The original service's behaviour: every origin, with credentials (the origin is echoed).
            return builder.SetIsOriginAllowed(_ => true).Build();
        }

        return cors.AllowedOrigins.Count == 0 ? null : builder.WithOrigins([.. cors.AllowedOrigins]).Build();
    }
}
