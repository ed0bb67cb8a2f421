using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Identity;

/// <summary>
/// A local identity provider for development and tests, so the system runs without a Google account: it signs
/// RS256 ID tokens for any e-mail address with a key made at construction and publishes the public key as a JWKS.
/// </summary>
/// <remarks>
/// There is no bypass: its tokens are checked by the ordinary <see cref="GoogleIdTokenValidator"/> pointed at the
/// URL where the host serves <see cref="JwksJson"/>, with <see cref="Issuer"/> trusted and <see cref="Audience"/>
/// listed. Anyone who can reach the issuing endpoint can be anybody, so never expose it outside development.
/// The key lives only in memory: a restart makes a new one, and tokens issued before it stop verifying.
/// </remarks>
public sealed class DevelopmentTokenIssuer : IDisposable
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    private readonly RSA _key;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _defaultLifetime;
    private readonly string _encodedHeader;
    private bool _disposed;

    /// <summary>Creates an issuer with a new RSA-2048 key.</summary>
    /// <param name="options">Issuer, audience and default lifetime.</param>
    /// <param name="timeProvider">The clock for <c>iat</c> and <c>exp</c>.</param>
    /// <exception cref="ArgumentException">The options have a blank issuer or audience, or a lifetime outside (0, 1 day].</exception>
    public DevelopmentTokenIssuer(IOptions<DevelopmentTokenIssuerOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(value.Issuer, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(value.Audience, nameof(options));
        CheckLifetime(value.DefaultLifetime, nameof(options));

        Issuer = value.Issuer;
        Audience = value.Audience;
        _defaultLifetime = value.DefaultLifetime;
        _timeProvider = timeProvider;
        _key = RSA.Create(2048);

        var parameters = _key.ExportParameters(includePrivateParameters: false);
        var n = Base64Url.EncodeToString(parameters.Modulus);
        var e = Base64Url.EncodeToString(parameters.Exponent);
        KeyId = Thumbprint(n, e);
        _encodedHeader = EncodeJson(writer =>
        {
            writer.WriteString("alg", "RS256");
            writer.WriteString("kid", KeyId);
            writer.WriteString("typ", "JWT");
        });
        JwksJson = Json(writer =>
        {
            writer.WriteStartArray("keys");
            writer.WriteStartObject();
            writer.WriteString("kty", "RSA");
            writer.WriteString("use", "sig");
            writer.WriteString("alg", "RS256");
            writer.WriteString("kid", KeyId);
            writer.WriteString("n", n);
            writer.WriteString("e", e);
            writer.WriteEndObject();
            writer.WriteEndArray();
        });
    }

    /// <summary>The <c>iss</c> of every token.</summary>
    public string Issuer { get; }

    /// <summary>The <c>aud</c> of every token.</summary>
    public string Audience { get; }

    /// <summary>The key id (<c>kid</c>): the RFC 7638 SHA-256 thumbprint of the public key.</summary>
    public string KeyId { get; }

    /// <summary>The public key as a JWKS document (<c>{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":..,"n":..,"e":..}]}</c>), to serve at the validator's <see cref="IdTokenValidationOptions.CertificatesUrl"/>.</summary>
    public string JwksJson { get; }

    /// <summary>
    /// Signs an ID token for <paramref name="email"/>: <c>iss</c>, <c>aud</c>, <c>sub</c> (the address, lower-cased),
    /// <c>email</c>, <c>email_verified: true</c>, <c>iat</c> (now) and <c>exp</c>.
    /// </summary>
    /// <param name="email">The address to vouch for; mapped to a SIP user later by the <see cref="ISipUserMapper"/>.</param>
    /// <param name="lifetime">How long the token is valid; default <see cref="DevelopmentTokenIssuerOptions.DefaultLifetime"/>, at most one day.</param>
    /// <returns>A compact RS256 JWT.</returns>
    public string IssueIdToken(string email, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var validFor = lifetime ?? _defaultLifetime;
        CheckLifetime(validFor, nameof(lifetime));
        ObjectDisposedException.ThrowIf(_disposed, this);

        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var payload = EncodeJson(writer =>
        {
            writer.WriteString("iss", Issuer);
            writer.WriteString("aud", Audience);
            writer.WriteString("sub", email.ToLowerInvariant());
            writer.WriteString("email", email);
            writer.WriteBoolean("email_verified", true);
            writer.WriteNumber("iat", now);
            writer.WriteNumber("exp", now + (long)Math.Ceiling(validFor.TotalSeconds));
        });
        var signingInput = string.Concat(_encodedHeader, ".", payload);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return string.Concat(signingInput, ".", Base64Url.EncodeToString(signature));
    }

    /// <summary>Releases the private key.</summary>
    public void Dispose()
    {
        _disposed = true;
        _key.Dispose();
    }

    private static void CheckLifetime(TimeSpan lifetime, string name)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(name, lifetime, "A token lifetime must be more than zero and at most one day.");
        }
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.</summary>
    private static string Thumbprint(string n, string e) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"e":"{{e}}","kty":"RSA","n":"{{n}}"}""")));

    private static string EncodeJson(Action<Utf8JsonWriter> writeMembers) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Json(writeMembers)));

    private static string Json(Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
