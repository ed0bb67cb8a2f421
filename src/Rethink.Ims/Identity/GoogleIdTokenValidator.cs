using Google.Apis.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Identity;

/// <summary>
/// Validates OpenID Connect ID tokens (signed JWTs) such as Google Sign-In's, or <see cref="DevelopmentTokenIssuer"/>'s,
/// against the issuer's published JWKS.
/// </summary>
/// <remarks>
/// <para>Order of checks: length (<see cref="IdentityFailureReason.TooLarge"/>, before any parsing), structure
/// (<see cref="IdentityFailureReason.Malformed"/>), algorithm (RS256 or ES256 only, else
/// <see cref="IdentityFailureReason.BadSignature"/>), signature with Google.Apis.Auth's
/// <see cref="JsonWebSignature.VerifySignedTokenAsync(string, SignedTokenVerificationOptions, CancellationToken)"/>,
/// then the claims: issuer, audience, sub, expiry, not-before, hosted domain, e-mail, e-mail verified. So a claim
/// reason is only ever given for a token whose signature verified.</para>
/// <para>Time comes from the <see cref="TimeProvider"/>: Google.Apis.Auth 1.78 keeps its clock option internal, so
/// the library's own time checks are widened out of the way and ours decide.</para>
/// <para>Keys are cached by Google.Apis.Auth, process-wide, per URL, for one hour of real time; a key that appears
/// at the issuer within that hour is not seen until the cache expires (Google publishes keys well before using them).
/// The cache takes one process-wide lock on every verification, and a fetch holds it, which is why fetches are short
/// (<see cref="IdTokenValidationOptions.KeyFetchTimeout"/>) and not repeated at once after a failure
/// (<see cref="IdTokenValidationOptions.KeyFetchFailureBackoff"/>).</para>
/// </remarks>
public sealed partial class GoogleIdTokenValidator : IIdentityTokenValidator
{
    // Far enough that the library's system-clock checks never decide, near enough that DateTime cannot overflow
    // for the time values JwtReader lets through (years 1970 to 3000).
    private static readonly TimeSpan LibraryToleranceDisabled = TimeSpan.FromDays(2000 * 365);

    private readonly IdTokenValidationOptions _options;
    private readonly IReadOnlyList<string> _issuers;
    private readonly HashSet<string> _audiences;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SignedTokenVerificationOptions _rs256;
    private readonly SignedTokenVerificationOptions _es256;

    /// <summary>Creates a validator.</summary>
    /// <param name="httpClient">Fetches the key set (give it one from <c>IHttpClientFactory</c>); its own timeout applies too.</param>
    /// <param name="options">What to accept; checked here with <see cref="IdTokenValidationOptionsValidator"/>.</param>
    /// <param name="timeProvider">The clock for expiry and not-before checks and for the key fetch timeout.</param>
    /// <param name="logger">Logs refusals (never the token) and key fetches.</param>
    /// <exception cref="OptionsValidationException">The options are invalid, e.g. no audience.</exception>
    public GoogleIdTokenValidator(HttpClient httpClient, IOptions<IdTokenValidationOptions> options, TimeProvider timeProvider, ILogger<GoogleIdTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        var validation = new IdTokenValidationOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(IdTokenValidationOptions), validation.Failures);
        }

        _issuers = _options.EffectiveIssuers;
        _audiences = new HashSet<string>(_options.Audiences, StringComparer.Ordinal);
        _timeProvider = timeProvider;
        _logger = logger;

        var handler = new KeySetFetchHandler(httpClient, timeProvider, _options.KeyFetchTimeout, _options.KeyFetchFailureBackoff, logger);
        var clientFactory = new KeySetHttpClientFactory(handler);
        _rs256 = LibraryOptions(KeySetFetchHandler.CacheKey(_options.CertificatesUrl, "RS256"), clientFactory);
        _es256 = LibraryOptions(KeySetFetchHandler.CacheKey(_options.CertificatesUrl, "ES256"), clientFactory);
    }

    /// <inheritdoc/>
    public async ValueTask<IdentityValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Refuse(IdentityFailureReason.MissingToken, "no token");
        }

        if (token.Length > _options.MaxTokenLength)
        {
            return Refuse(IdentityFailureReason.TooLarge, $"the token is longer than {_options.MaxTokenLength} characters");
        }

        var claims = JwtReader.TryRead(token, out var error);
        if (claims is null)
        {
            return Refuse(IdentityFailureReason.Malformed, error!);
        }

        var libraryOptions = claims.Algorithm switch
        {
            "RS256" => _rs256,
            "ES256" => _es256,
            _ => null,
        };
        if (libraryOptions is null)
        {
            return Refuse(IdentityFailureReason.BadSignature, $"algorithm '{Truncate(claims.Algorithm)}' is not accepted (RS256 or ES256 only)");
        }

        try
        {
            await JsonWebSignature.VerifySignedTokenAsync(token, libraryOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (GoogleAuthErrors.Classify(ex, cancellationToken) is { } failure)
        {
            return Refuse(failure.Reason, failure.Detail);
        }

        return CheckClaims(claims);
    }

    private IdentityValidationResult CheckClaims(IdTokenClaims claims)
    {
        if (claims.Issuer is null || !_issuers.Contains(claims.Issuer, StringComparer.Ordinal))
        {
            return Refuse(IdentityFailureReason.WrongIssuer, $"issuer '{Truncate(claims.Issuer)}' is not trusted");
        }

        if (claims.Audiences.Count == 0)
        {
            return Refuse(IdentityFailureReason.WrongAudience, "the token names no audience");
        }

        foreach (var audience in claims.Audiences)
        {
            if (!_audiences.Contains(audience))
            {
                return Refuse(IdentityFailureReason.WrongAudience, $"audience '{Truncate(audience)}' is not one of ours");
            }
        }

        if (string.IsNullOrEmpty(claims.Subject))
        {
            return Refuse(IdentityFailureReason.Malformed, "the token has no sub");
        }

        var now = _timeProvider.GetUtcNow();
        var skew = _options.ClockSkew;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt);
        if (now >= expiresAt + skew)
        {
            return Refuse(IdentityFailureReason.Expired, $"expired at {expiresAt:O}");
        }

        var validFrom = DateTimeOffset.FromUnixTimeSeconds(Math.Max(claims.IssuedAt, claims.NotBefore ?? 0));
        if (now + skew < validFrom)
        {
            return Refuse(IdentityFailureReason.NotYetValid, $"not valid before {validFrom:O}");
        }

        if (_options.HostedDomain is { } hostedDomain && !string.Equals(claims.HostedDomain, hostedDomain, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(IdentityFailureReason.WrongHostedDomain, $"hosted domain '{Truncate(claims.HostedDomain)}' is not '{hostedDomain}'");
        }

        if (string.IsNullOrWhiteSpace(claims.Email))
        {
            return Refuse(IdentityFailureReason.NoEmail, "the token carries no e-mail address");
        }

        if (_options.RequireVerifiedEmail && !claims.EmailVerified)
        {
            return Refuse(IdentityFailureReason.EmailNotVerified, "email_verified is not true");
        }

        Log.Accepted(_logger, claims.Issuer);
        return IdentityValidationResult.Success(new ImsIdentity(claims.Subject, claims.Email, claims.EmailVerified, claims.Issuer, claims.HostedDomain));
    }

    private IdentityValidationResult Refuse(IdentityFailureReason reason, string detail)
    {
        Log.Refused(_logger, reason, detail);
        return IdentityValidationResult.Fail(reason, detail);
    }

    private static SignedTokenVerificationOptions LibraryOptions(string certificatesUrl, KeySetHttpClientFactory clientFactory) => new()
    {
        // Issuer and audience lists stay empty: those checks run after the signature, in CheckClaims.
        CertificatesUrl = certificatesUrl,
        HttpClientFactory = clientFactory,
        IssuedAtClockTolerance = LibraryToleranceDisabled,
        ExpiryClockTolerance = LibraryToleranceDisabled,
    };

    /// <summary>Claim values are attacker-chosen: keep them short in details and logs.</summary>
    private static string? Truncate(string? value) => value is { Length: > 64 } ? string.Concat(value.AsSpan(0, 64), "…") : value;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "ID token accepted from issuer {Issuer}")]
        public static partial void Accepted(ILogger logger, string issuer);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "ID token refused: {Reason}: {Detail}")]
        public static partial void Refused(ILogger logger, IdentityFailureReason reason, string detail);
    }
}
