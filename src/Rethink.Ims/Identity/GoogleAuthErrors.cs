using System.Security.Cryptography;
using Google.Apis.Auth;

namespace Rethink.Ims.Identity;

/// <summary>
/// Maps what Google.Apis.Auth 1.78 throws while verifying a token to a refusal reason. The library signals every
/// token problem with <see cref="InvalidJwtException"/> and tells them apart only by message, so the messages are
/// matched here (pinned by tests against the real library); anything unrecognised is refused, never accepted.
/// </summary>
internal static class GoogleAuthErrors
{
    /// <summary>The refusal for <paramref name="exception"/>, or <see langword="null"/> when it must propagate (the caller cancelled, or a bug).</summary>
    public static (IdentityFailureReason Reason, string Detail)? Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        KeySetUnavailableException { NoUsableKey: true } e => (IdentityFailureReason.BadSignature, e.Message),
        KeySetUnavailableException e => (IdentityFailureReason.ProviderUnavailable, e.Message),
        InvalidJwtException e => (ClassifyMessage(e.Message), e.Message),
        HttpRequestException e => (IdentityFailureReason.ProviderUnavailable, $"the key set endpoint could not be reached ({e.HttpRequestError})"),
        OperationCanceledException => (IdentityFailureReason.ProviderUnavailable, "the key set endpoint timed out"),
        ArgumentException e when e.Message.Contains("JWK", StringComparison.Ordinal) => (IdentityFailureReason.ProviderUnavailable, "the key set is empty or not a JWKS"),
        Newtonsoft.Json.JsonException or FormatException or ArgumentException => (IdentityFailureReason.Malformed, "the token could not be decoded"),
        CryptographicException => (IdentityFailureReason.BadSignature, "the signature could not be checked with the issuer's keys"),
        _ => null,
    };

    private static IdentityFailureReason ClassifyMessage(string message) => message switch
    {
        "JWT must consist of Header, Payload, and Signature" => IdentityFailureReason.Malformed,
        "JWT must contain 'iat' and 'exp' claims" => IdentityFailureReason.Malformed,
        "Signing algorithm must be either RS256 or ES256." => IdentityFailureReason.BadSignature,
        "JWT algorithm must be 'RS256'" => IdentityFailureReason.BadSignature,
        "JWT invalid, unable to verify signature." => IdentityFailureReason.BadSignature,
        "JWT contains untrusted 'aud' claim." => IdentityFailureReason.WrongAudience,
        "JWT contains invalid 'hd' claim." => IdentityFailureReason.WrongHostedDomain,
        "JWT is not yet valid." => IdentityFailureReason.NotYetValid,
        "JWT has expired." => IdentityFailureReason.Expired,
        _ when message.StartsWith("JWT issuer incorrect.", StringComparison.Ordinal) => IdentityFailureReason.WrongIssuer,
        _ when message.StartsWith("JWT exceeds maximum allowed length", StringComparison.Ordinal) => IdentityFailureReason.TooLarge,

        // Fail closed: a refusal we do not recognise is still a refusal of the token's authenticity.
        _ => IdentityFailureReason.BadSignature,
    };
}
