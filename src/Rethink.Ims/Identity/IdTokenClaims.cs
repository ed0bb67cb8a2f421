namespace Rethink.Ims.Identity;

/// <summary>The header fields and claims of a JWT that the ID token checks use, as read by <see cref="JwtReader"/>.</summary>
internal sealed class IdTokenClaims
{
    public required string Algorithm { get; init; }

    public string? KeyId { get; init; }

    public string? Issuer { get; init; }

    public string? Subject { get; init; }

    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary><c>exp</c>, Unix seconds.</summary>
    public long ExpiresAt { get; init; }

    /// <summary><c>iat</c>, Unix seconds.</summary>
    public long IssuedAt { get; init; }

    /// <summary><c>nbf</c>, Unix seconds, when present.</summary>
    public long? NotBefore { get; init; }

    public string? Email { get; init; }

    public bool EmailVerified { get; init; }

    public string? HostedDomain { get; init; }
}
