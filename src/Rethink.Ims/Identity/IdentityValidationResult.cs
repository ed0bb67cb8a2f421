namespace Rethink.Ims.Identity;

/// <summary>The result of validating a bearer token: an identity, or a reason for refusal.</summary>
public sealed class IdentityValidationResult
{
    private IdentityValidationResult(ImsIdentity? identity, IdentityFailureReason failure, string? detail)
    {
        Identity = identity;
        Failure = failure;
        Detail = detail;
    }

    /// <summary>The identity, when the token was accepted.</summary>
    public ImsIdentity? Identity { get; }

    /// <summary>Why the token was refused; meaningless when <see cref="Succeeded"/>.</summary>
    public IdentityFailureReason Failure { get; }

    /// <summary>A developer-facing explanation of the refusal; never contains the token or a secret.</summary>
    public string? Detail { get; }

    /// <summary>Whether the token was accepted.</summary>
    public bool Succeeded => Identity is not null;

    /// <summary>An accepted token.</summary>
    public static IdentityValidationResult Success(ImsIdentity identity) =>
        new(identity ?? throw new ArgumentNullException(nameof(identity)), default, null);

    /// <summary>A refused token.</summary>
    public static IdentityValidationResult Fail(IdentityFailureReason reason, string detail) => new(null, reason, detail);
}
