namespace Rethink.Ims.Identity;

/// <summary>The result of validating a bearer token: an identity, or a reason for refusal.</summary>
public sealed class IdentityValidationResult
{
    private IdentityValidationResult(ImsIdentity? identity, IdentityFailureReason failure, string? detail, int? providerStatusCode = null, string? providerResponse = null)
    {
        Identity = identity;
        Failure = failure;
        Detail = detail;
        ProviderStatusCode = providerStatusCode;
        ProviderResponse = providerResponse;
    }

    /// <summary>The identity, when the token was accepted.</summary>
    public ImsIdentity? Identity { get; }

    /// <summary>Why the token was refused; meaningless when <see cref="Succeeded"/>.</summary>
    public IdentityFailureReason Failure { get; }

    /// <summary>A developer-facing explanation of the refusal; never contains the token or a secret.</summary>
    public string? Detail { get; }

    /// <summary>
    /// The identity provider's HTTP status when it answered a token check with an error (access-token validation),
    /// so a host can pass it through as the original service did; otherwise <see langword="null"/>.
    /// </summary>
    public int? ProviderStatusCode { get; }

    /// <summary>The provider's response body that came with <see cref="ProviderStatusCode"/> (at most 16 KiB), or <see langword="null"/>.</summary>
    public string? ProviderResponse { get; }

    /// <summary>Whether the token was accepted.</summary>
    public bool Succeeded => Identity is not null;

    /// <summary>An accepted token.</summary>
    public static IdentityValidationResult Success(ImsIdentity identity) =>
        new(identity ?? throw new ArgumentNullException(nameof(identity)), default, null);

    /// <summary>A refused token.</summary>
    public static IdentityValidationResult Fail(IdentityFailureReason reason, string detail) => new(null, reason, detail);

    /// <summary>A token that the identity provider answered with an HTTP error, keeping its status and body.</summary>
    public static IdentityValidationResult ProviderFail(IdentityFailureReason reason, string detail, int providerStatusCode, string? providerResponse) =>
        new(null, reason, detail, providerStatusCode, providerResponse);
}
