namespace Rethink.Ims.Identity;

/// <summary>Why a bearer token was refused.</summary>
public enum IdentityFailureReason
{
    /// <summary>No token was presented.</summary>
    MissingToken,

    /// <summary>The token is not a well-formed token of the expected kind.</summary>
    Malformed,

    /// <summary>The token is longer than the configured maximum.</summary>
    TooLarge,

    /// <summary>The signature does not verify, or its algorithm is not accepted (e.g. <c>alg: none</c>).</summary>
    BadSignature,

    /// <summary>The token has expired.</summary>
    Expired,

    /// <summary>The token is not valid yet (issued in the future).</summary>
    NotYetValid,

    /// <summary>The issuer is not a trusted one.</summary>
    WrongIssuer,

    /// <summary>The token was issued to another application.</summary>
    WrongAudience,

    /// <summary>The account is not in the required hosted domain.</summary>
    WrongHostedDomain,

    /// <summary>The issuer does not vouch for the e-mail address.</summary>
    EmailNotVerified,

    /// <summary>The token carries no e-mail address.</summary>
    NoEmail,

    /// <summary>The identity provider refused the token (access-token validation).</summary>
    ProviderRejected,

    /// <summary>The identity provider or its keys could not be reached.</summary>
    ProviderUnavailable,
}
