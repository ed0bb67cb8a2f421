using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// <c>GET /credential</c>: bearer token -> identity -> SIP user -> ephemeral credential, wire-compatible with
/// the original service. Every refusal is a problem-details response naming the reason.
/// </summary>
internal sealed partial class CredentialEndpoint(
    IIdentityTokenValidator validator,
    ISipUserMapper mapper,
    IEphemeralCredentialProvider provider,
    CredentialRateLimiter rateLimiter,
    CredentialCorsPolicy cors,
    ProvisioningMetrics metrics,
    ILogger<CredentialEndpoint> logger)
{
    public async Task<IResult> GetAsync(HttpContext context)
    {
        cors.Apply(context);
        context.Response.Headers.CacheControl = "no-store";

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!rateLimiter.TryAcquireForAddress(address, out var wait))
        {
            return Reject("rate-limited", CredentialProblem.RateLimited(wait, "address"));
        }

        if (!BearerToken.TryRead(context.Request.Headers.Authorization, out var token))
        {
            return Reject("missing-token", CredentialProblem.MissingToken());
        }

        var validation = await validator.ValidateAsync(token, context.RequestAborted).ConfigureAwait(false);
        if (!validation.Succeeded)
        {
            var slug = CredentialProblem.Slug(validation.Failure);
            LogTokenRefused(logger, slug, address);
            return Reject(slug, CredentialProblem.TokenRefused(validation));
        }

        var identity = validation.Identity!;
        if (!rateLimiter.TryAcquireForIdentity(identity.Issuer + "|" + identity.Subject, out wait))
        {
            return Reject("rate-limited", CredentialProblem.RateLimited(wait, "identity"));
        }

        var user = mapper.Map(identity);
        if (user is null)
        {
            return Reject("no-sip-account", CredentialProblem.NoSipAccount());
        }

        var credential = provider.Issue(user);
        metrics.Issued();
        LogIssued(logger, user.User, user.Domain, credential.Ttl);
        return TypedResults.Json(credential);
    }

    /// <summary>Answers a CORS preflight for the endpoint.</summary>
    public IResult Preflight(HttpContext context)
    {
        cors.Apply(context);
        return TypedResults.NoContent();
    }

    private IResult Reject(string reason, IResult problem)
    {
        metrics.Rejected(reason);
        return problem;
    }

    [LoggerMessage(1, LogLevel.Information, "Issued a credential for {User}@{Domain}, valid {Ttl} s")]
    private static partial void LogIssued(ILogger logger, string user, string domain, int ttl);

    [LoggerMessage(2, LogLevel.Information, "Refused an identity token from {Address}: {Reason}")]
    private static partial void LogTokenRefused(ILogger logger, string reason, string address);
}
