using Microsoft.AspNetCore.Http;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Provisioning;

/// <summary>RFC 7807 problem details for each way a credential request can be refused.</summary>
internal static class CredentialProblem
{
    /// <summary>Prefix of every problem <c>type</c>; the suffix is the <c>reason</c> extension member.</summary>
    public const string TypePrefix = "urn:rethink-ims:problem:";

    public static IResult MissingToken() =>
        Create(StatusCodes.Status401Unauthorized, "missing-token", "No bearer token",
            "Send the identity token as 'Authorization: Bearer <token>'.");

    public static IResult TokenRefused(IdentityValidationResult validation)
    {
        var (status, slug, title) = Describe(validation.Failure);
        return Create(status, slug, title, validation.Detail, validation.ProviderStatusCode);
    }

    public static IResult NoSipAccount() =>
        Create(StatusCodes.Status403Forbidden, "no-sip-account", "No SIP account for this identity",
            "The identity is valid but maps to no SIP user (check its e-mail address).");

    public static IResult RateLimited(TimeSpan retryAfter, string scope)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new WithHeader(
            Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many credential requests",
                $"Too many requests from this {scope}; retry in {seconds} s."),
            "Retry-After",
            seconds);
    }

    public static string Slug(IdentityFailureReason reason) => Describe(reason).Slug;

    private static (int Status, string Slug, string Title) Describe(IdentityFailureReason reason) => reason switch
    {
        IdentityFailureReason.MissingToken => (401, "missing-token", "No bearer token"),
        IdentityFailureReason.Malformed => (401, "malformed-token", "The token is malformed"),
        IdentityFailureReason.TooLarge => (401, "token-too-large", "The token is too large"),
        IdentityFailureReason.BadSignature => (401, "bad-signature", "The token's signature is invalid"),
        IdentityFailureReason.Expired => (401, "expired-token", "The token has expired"),
        IdentityFailureReason.NotYetValid => (401, "token-not-yet-valid", "The token is not valid yet"),
        IdentityFailureReason.WrongIssuer => (401, "wrong-issuer", "The token's issuer is not trusted"),
        IdentityFailureReason.WrongAudience => (401, "wrong-audience", "The token was issued to another application"),
        IdentityFailureReason.WrongHostedDomain => (401, "wrong-hosted-domain", "The account is not in the required domain"),
        IdentityFailureReason.EmailNotVerified => (401, "email-not-verified", "The e-mail address is not verified"),
        IdentityFailureReason.NoEmail => (401, "no-email", "The token carries no e-mail address"),
        IdentityFailureReason.ProviderRejected => (401, "provider-rejected", "The identity provider refused the token"),
        IdentityFailureReason.ProviderUnavailable => (503, "provider-unavailable", "The identity provider cannot be reached"),
        _ => (401, "invalid-token", "The token is invalid"),
    };

    private static IResult Create(int status, string slug, string title, string? detail, int? providerStatus = null)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = slug };
        if (providerStatus is not null)
        {
            // The identity provider's own status (access-token mode), as the original service passed it on.
            extensions["providerStatus"] = providerStatus;
        }

        var result = TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            type: TypePrefix + slug,
            extensions: extensions);
        // RFC 6750: a 401 names the scheme the client should use.
        return status == StatusCodes.Status401Unauthorized ? new WithHeader(result, "WWW-Authenticate", "Bearer") : result;
    }

    /// <summary>A result with one response header added.</summary>
    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
