using System.Net.Mail;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// <c>GET /dev/token?email=</c> and <c>GET /dev/jwks</c> of the development issuer, and where the validator finds
/// the keys: on this host's own address, so development tokens take the same verification path as Google's.
/// </summary>
internal sealed class DevelopmentIssuerEndpoints(DevelopmentTokenIssuer issuer, IServer server, IOptions<EphemeralAuthOptions> options)
{
    public const string TokenPath = "/dev/token";
    public const string JwksPath = "/dev/jwks";

    public IResult Token(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "An e-mail address is required",
                detail: "Ask for a token as /dev/token?email=alice@example.com.",
                type: CredentialProblem.TypePrefix + "bad-email",
                extensions: new Dictionary<string, object?> { ["reason"] = "bad-email" });
        }

        var token = issuer.IssueIdToken(email);
        return TypedResults.Json(new DevelopmentTokenResponse(token, "Bearer", 3600));
    }

    public IResult Jwks() => TypedResults.Text(issuer.JwksJson, "application/json");

    /// <summary>The JWKS URL: configured, or this host's first http(s) address with a wildcard host made 127.0.0.1.</summary>
    public Uri JwksUrl()
    {
        if (options.Value.DevelopmentIssuer.JwksUrl is { } configured)
        {
            return configured;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "The development issuer cannot find the host's address; set Ims:EphemeralAuth:DevelopmentIssuer:JwksUrl.");
        var builder = new UriBuilder(first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)) { Path = JwksPath };
        return builder.Uri;
    }
}
