using System.Security.Cryptography;

namespace Rethink.Ims.Credentials;

/// <summary>Checks ephemeral credentials exactly as Kamailio <c>auth_ephemeral</c> does.</summary>
/// <remarks>
/// Thread-safe. The checks allocate nothing: the HMAC and the base64 text live on the stack, and passwords are
/// compared with <see cref="CryptographicOperations.FixedTimeEquals"/>. Every result converts to the Kamailio
/// return code with a cast to <see cref="int"/>; see <c>docs/credentials.md</c>.
/// </remarks>
public sealed class EphemeralCredentialVerifier
{
    private readonly SecretRing secrets;
    private readonly TimeProvider time;

    /// <summary>Creates a verifier.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> holds an undefined format or algorithm.</exception>
    public EphemeralCredentialVerifier(SecretRing secrets, EphemeralCredentialOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        this.secrets = secrets;
        this.time = time;
        UsernameFormat = options.UsernameFormat;
        HashAlgorithm = options.HashAlgorithm;
        PasswordLength = EphemeralPassword.GetLength(HashAlgorithm);
    }

    /// <summary>The username layout this verifier expects.</summary>
    public EphemeralUsernameFormat UsernameFormat { get; }

    /// <summary>The HMAC this verifier expects.</summary>
    public EphemeralHashAlgorithm HashAlgorithm { get; }

    /// <summary>Length of a valid password: 28, 44, 64 or 88 characters.</summary>
    public int PasswordLength { get; }

    /// <summary>
    /// Checks a username and plain password as <c>autheph_check</c> would with that password: the timestamp first
    /// (<see cref="EphemeralCheckResult.Malformed"/>, <see cref="EphemeralCheckResult.Expired"/>), then the password
    /// against every secret, newest first.
    /// </summary>
    /// <returns>
    /// <see cref="EphemeralCheckResult.Valid"/>, <see cref="EphemeralCheckResult.Malformed"/>,
    /// <see cref="EphemeralCheckResult.Expired"/> or <see cref="EphemeralCheckResult.WrongPassword"/> (also for an
    /// empty ring, and for a password of the wrong length, e.g. without its <c>=</c> padding).
    /// </returns>
    public EphemeralCheckResult Verify(ReadOnlySpan<char> username, ReadOnlySpan<char> password)
    {
        EphemeralCheckResult expiry = CheckExpiry(username);
        if (expiry != EphemeralCheckResult.Valid)
        {
            return expiry;
        }

        return PasswordMatches(username, password)
            ? EphemeralCheckResult.Valid
            : EphemeralCheckResult.WrongPassword;
    }

    /// <summary>
    /// Checks a username and password as Kamailio's <c>autheph_authenticate(user, pass)</c> does, which knows only
    /// three outcomes.
    /// </summary>
    /// <returns>
    /// <see cref="EphemeralCheckResult.Valid"/> (1), <see cref="EphemeralCheckResult.Expired"/> (-7), or
    /// <see cref="EphemeralCheckResult.Malformed"/> (-1) for everything else: empty username or password, bad
    /// timestamp, wrong password, empty ring.
    /// </returns>
    public EphemeralCheckResult Authenticate(ReadOnlySpan<char> username, ReadOnlySpan<char> password)
    {
        if (username.IsEmpty || password.IsEmpty)
        {
            return EphemeralCheckResult.Malformed;
        }

        EphemeralCheckResult expiry = CheckExpiry(username);
        if (expiry != EphemeralCheckResult.Valid)
        {
            return expiry;
        }

        return PasswordMatches(username, password)
            ? EphemeralCheckResult.Valid
            : EphemeralCheckResult.Malformed;
    }

    /// <summary>
    /// Checks only the timestamp of <paramref name="username"/> against the clock: rejected only when now is later
    /// than the expiry (the expiry second itself is still valid). The step a digest check runs before the password.
    /// </summary>
    /// <returns>
    /// <see cref="EphemeralCheckResult.Valid"/>, <see cref="EphemeralCheckResult.Expired"/> or
    /// <see cref="EphemeralCheckResult.Malformed"/>. (Kamailio's <c>autheph_check_timestamp</c> reports both
    /// failures as -1.)
    /// </returns>
    public EphemeralCheckResult CheckExpiry(ReadOnlySpan<char> username)
    {
        EphemeralUsername parsed = EphemeralUsername.Parse(username, UsernameFormat);
        if (!parsed.HasValidTimestamp)
        {
            return EphemeralCheckResult.Malformed;
        }

        return time.GetUtcNow().ToUnixTimeSeconds() > parsed.Expiry
            ? EphemeralCheckResult.Expired
            : EphemeralCheckResult.Valid;
    }

    /// <summary>
    /// Compares the user named in <paramref name="username"/> with a SIP URI's user and host, as
    /// <c>autheph_check_from</c> / <c>autheph_check_to</c> do. See <see cref="EphemeralUsername.CheckUser"/>.
    /// </summary>
    public EphemeralUserCheckResult CheckUser(ReadOnlySpan<char> username, ReadOnlySpan<char> uriUser, ReadOnlySpan<char> uriHost) =>
        EphemeralUsername.Parse(username, UsernameFormat).CheckUser(uriUser, uriHost);

    /// <summary>Splits <paramref name="username"/> in this verifier's <see cref="UsernameFormat"/>.</summary>
    public EphemeralUsername Parse(ReadOnlySpan<char> username) => EphemeralUsername.Parse(username, UsernameFormat);

    /// <summary>
    /// Enumerates the expected password of <paramref name="username"/> under each secret, newest first, written into
    /// <paramref name="destination"/>. For digest checks; it does not look at the timestamp (call
    /// <see cref="CheckExpiry"/> first, as Kamailio does).
    /// </summary>
    /// <param name="username">The whole username, as signed.</param>
    /// <param name="destination">Buffer for one password, at least <see cref="PasswordLength"/> characters (<see cref="EphemeralPassword.MaxLength"/> fits every algorithm).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="PasswordLength"/>.</exception>
    public EphemeralPasswordEnumerator EnumeratePasswords(ReadOnlySpan<char> username, Span<char> destination)
    {
        if (destination.Length < PasswordLength)
        {
            throw new ArgumentException($"The buffer must hold at least {PasswordLength} characters.", nameof(destination));
        }

        return new EphemeralPasswordEnumerator(username, destination, secrets.Keys, HashAlgorithm);
    }

    private bool PasswordMatches(ReadOnlySpan<char> username, ReadOnlySpan<char> password) =>
        EphemeralPassword.MatchesAny(username, password, secrets.Keys, HashAlgorithm);
}
