using System.Globalization;

namespace Rethink.Ims.Credentials;

/// <summary>
/// TURN REST API credentials as coturn's <c>use-auth-secret</c> / <c>static-auth-secret</c> issue and check them:
/// <c>username = &lt;expiry&gt;&lt;separator&gt;&lt;user&gt;</c>, <c>password = base64(HMAC-SHA1(secret, username))</c>.
/// </summary>
/// <remarks>
/// Thread-safe. For SHA1 and the same username and secret the password equals Kamailio <c>auth_ephemeral</c>'s,
/// so one <see cref="SecretRing"/> can serve a SIP server and a TURN server. Verification differs from
/// <see cref="EphemeralCredentialVerifier"/> the way coturn differs from Kamailio: the order is detected, the
/// timestamp read leniently, and the credential accepted while <c>expiry &gt;= now</c>.
/// </remarks>
public sealed class TurnRestCredentials
{
    private readonly SecretRing secrets;
    private readonly TimeProvider time;
    private readonly TimeSpan ttl;
    private readonly string[] uris;

    /// <summary>Creates a TURN REST credential issuer and checker.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The separator is a digit or the TTL is negative.</exception>
    /// <exception cref="ArgumentException">A URI is empty.</exception>
    public TurnRestCredentials(SecretRing secrets, TurnRestOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        this.secrets = secrets;
        this.time = time;
        Separator = options.Separator;
        ttl = options.Ttl;
        uris = [.. options.Uris];
    }

    /// <summary>The separator between timestamp and user.</summary>
    public char Separator { get; }

    /// <summary>Issues <c>&lt;expiry&gt;&lt;separator&gt;&lt;user&gt;</c> signed with the newest secret, expiring <paramref name="ttl"/> from now.</summary>
    /// <param name="user">The user; empty gives a bare <c>&lt;expiry&gt;</c> username.</param>
    /// <param name="ttl">Lifetime, whole seconds (a fraction is dropped).</param>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The secret ring is empty (a configuration error).</exception>
    public EphemeralCredential Generate(string user, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero);
        SecretKey[] keys = secrets.Keys;
        if (keys.Length == 0)
        {
            throw new InvalidOperationException("The secret ring is empty: configure at least one secret before issuing TURN credentials.");
        }

        long expiry = time.GetUtcNow().ToUnixTimeSeconds() + (ttl.Ticks / TimeSpan.TicksPerSecond);
        string username = user.Length == 0
            ? expiry.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{expiry}{Separator}{user}");
        Span<char> password = stackalloc char[EphemeralPassword.MaxLength];
        EphemeralPassword.Compute(username, keys[0], EphemeralHashAlgorithm.Sha1, password, out int length);
        return new EphemeralCredential(username, new string(password[..length]), DateTimeOffset.FromUnixTimeSeconds(expiry));
    }

    /// <summary>Issues a credential for <paramref name="user"/> with the configured TTL and URIs, as the REST draft's response.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The secret ring is empty (a configuration error).</exception>
    public TurnRestResponse CreateResponse(string user)
    {
        EphemeralCredential credential = Generate(user, ttl);
        return new TurnRestResponse(credential.Username, credential.Password, ttl.Ticks / TimeSpan.TicksPerSecond, uris);
    }

    /// <summary>
    /// Checks a username and password as coturn does: the expiry first (accepted while <c>expiry &gt;= now</c>), then
    /// HMAC-SHA1 under every secret, newest first. Allocates nothing.
    /// </summary>
    /// <returns>
    /// <see cref="EphemeralCheckResult.Valid"/>, <see cref="EphemeralCheckResult.Expired"/> (also for a username
    /// without a readable timestamp, which coturn reads as 0) or <see cref="EphemeralCheckResult.WrongPassword"/>
    /// (also for an empty ring). Never <see cref="EphemeralCheckResult.Malformed"/>: coturn parses leniently.
    /// </returns>
    public EphemeralCheckResult Verify(ReadOnlySpan<char> username, ReadOnlySpan<char> password)
    {
        if (TurnRestUsername.Parse(username, Separator).Expiry < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return EphemeralCheckResult.Expired;
        }

        return EphemeralPassword.MatchesAny(username, password, secrets.Keys, EphemeralHashAlgorithm.Sha1)
            ? EphemeralCheckResult.Valid
            : EphemeralCheckResult.WrongPassword;
    }
}
