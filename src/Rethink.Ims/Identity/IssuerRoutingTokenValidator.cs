namespace Rethink.Ims.Identity;

/// <summary>
/// Sends each token to the validator for its issuer, read from the (not yet verified) <c>iss</c> claim. The chosen
/// validator verifies everything, the issuer included, so a forged <c>iss</c> only picks which keys must verify it.
/// Tokens of unknown issuers, and tokens that are not JWTs, go to the fallback validator.
/// </summary>
public sealed class IssuerRoutingTokenValidator : IIdentityTokenValidator
{
    private readonly IReadOnlyDictionary<string, IIdentityTokenValidator> _byIssuer;
    private readonly IIdentityTokenValidator _fallback;

    /// <summary>Creates a router.</summary>
    /// <param name="byIssuer">Validators keyed by the exact issuer they accept.</param>
    /// <param name="fallback">The validator for every other token.</param>
    public IssuerRoutingTokenValidator(IReadOnlyDictionary<string, IIdentityTokenValidator> byIssuer, IIdentityTokenValidator fallback)
    {
        _byIssuer = byIssuer ?? throw new ArgumentNullException(nameof(byIssuer));
        _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
    }

    /// <inheritdoc/>
    public ValueTask<IdentityValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        // Oversized tokens are not decoded here: the fallback refuses them by its own length limit.
        var claims = token is null || token.Length > IdTokenValidationOptionsValidator.MaxConfigurableTokenLength
            ? null
            : JwtReader.TryRead(token, out _);
        var validator = claims?.Issuer is { } issuer && _byIssuer.TryGetValue(issuer, out var routed) ? routed : _fallback;
        return validator.ValidateAsync(token!, cancellationToken);
    }
}
