using System.Globalization;

namespace Rethink.Ims.Credentials;

/// <summary>Issues ephemeral credentials signed with the newest secret of a <see cref="SecretRing"/>.</summary>
/// <remarks>Thread-safe. The credentials are those Kamailio <c>auth_ephemeral</c> accepts with the same options and secrets.</remarks>
public sealed class EphemeralCredentialGenerator
{
    private readonly SecretRing secrets;
    private readonly EphemeralUsernameFormat format;
    private readonly EphemeralHashAlgorithm algorithm;
    private readonly TimeProvider time;

    /// <summary>Creates a generator.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> holds an undefined format or algorithm.</exception>
    public EphemeralCredentialGenerator(SecretRing secrets, EphemeralCredentialOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        this.secrets = secrets;
        format = options.UsernameFormat;
        algorithm = options.HashAlgorithm;
        this.time = time;
    }

    /// <summary>Issues a credential for <paramref name="user"/> (e.g. <c>alice</c> or <c>alice@example.com</c>) that expires <paramref name="ttl"/> from now.</summary>
    /// <param name="user">The user to name; empty gives a bare <c>&lt;expiry&gt;</c> username (valid, with no user part).</param>
    /// <param name="ttl">Lifetime, whole seconds (a fraction is dropped); the expiry is the current Unix second plus it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is negative or the expiry passes 4294967295.</exception>
    /// <exception cref="ArgumentException">In format 0, <paramref name="user"/> holds a <c>:</c> (Kamailio could not split it).</exception>
    /// <exception cref="InvalidOperationException">The secret ring is empty (a configuration error).</exception>
    public EphemeralCredential Generate(string user, TimeSpan ttl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero);
        long expiry = time.GetUtcNow().ToUnixTimeSeconds() + (ttl.Ticks / TimeSpan.TicksPerSecond);
        return Generate(user, expiry);
    }

    /// <summary>Issues a credential for <paramref name="user"/> that is valid up to and including the second of <paramref name="expires"/>.</summary>
    /// <param name="user">The user to name; empty gives a bare <c>&lt;expiry&gt;</c> username.</param>
    /// <param name="expires">The expiry; a fraction of a second is dropped.</param>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is before 1970 or after 4294967295 (2106-02-07).</exception>
    /// <exception cref="ArgumentException">In format 0, <paramref name="user"/> holds a <c>:</c>.</exception>
    /// <exception cref="InvalidOperationException">The secret ring is empty (a configuration error).</exception>
    public EphemeralCredential Generate(string user, DateTimeOffset expires) => Generate(user, expires.ToUnixTimeSeconds());

    private EphemeralCredential Generate(string user, long expiry)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentOutOfRangeException.ThrowIfNegative(expiry, nameof(expiry));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expiry, uint.MaxValue, nameof(expiry));
        if (format == EphemeralUsernameFormat.UserThenExpiry && user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("In username format 0 the user must not contain ':'.", nameof(user));
        }

        SecretKey[] keys = secrets.Keys;
        if (keys.Length == 0)
        {
            throw new InvalidOperationException("The secret ring is empty: configure at least one secret before issuing ephemeral credentials.");
        }

        string username = user.Length == 0
            ? expiry.ToString(CultureInfo.InvariantCulture)
            : format == EphemeralUsernameFormat.ExpiryThenUser
                ? string.Create(CultureInfo.InvariantCulture, $"{expiry}:{user}")
                : string.Create(CultureInfo.InvariantCulture, $"{user}:{expiry}");

        Span<char> password = stackalloc char[EphemeralPassword.MaxLength];
        EphemeralPassword.Compute(username, keys[0], algorithm, password, out int length);
        return new EphemeralCredential(username, new string(password[..length]), DateTimeOffset.FromUnixTimeSeconds(expiry));
    }
}
