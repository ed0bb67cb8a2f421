namespace Rethink.Ims.Credentials;

/// <summary>
/// Yields the expected password of one username under each secret of a ring, newest first, written into a
/// caller's buffer. For digest authentication, where the password itself never travels and each candidate must
/// go through <c>HA1 = H(username:realm:password)</c>. Allocates nothing.
/// </summary>
/// <remarks>
/// <para>Obtain one from <see cref="EphemeralCredentialVerifier.EnumeratePasswords"/>. The ring is read once,
/// when the enumerator is created, so a concurrent rotation neither skips nor repeats a secret.</para>
/// <para><see cref="Current"/> is a view of the caller's buffer and is overwritten by the next
/// <see cref="MoveNext"/>; clear the buffer (e.g. <c>CryptographicOperations.ZeroMemory</c>) when done if it
/// outlives the check.</para>
/// <code>
/// Span&lt;char&gt; buffer = stackalloc char[EphemeralPassword.MaxLength];
/// foreach (ReadOnlySpan&lt;char&gt; password in verifier.EnumeratePasswords(username, buffer))
/// {
///     // compute HA1 from username, realm and password; stop at the first response that matches
/// }
/// </code>
/// </remarks>
public ref struct EphemeralPasswordEnumerator
{
    private readonly ReadOnlySpan<char> username;
    private readonly Span<char> destination;
    private readonly SecretKey[] keys;
    private readonly EphemeralHashAlgorithm algorithm;
    private int index;
    private int length;

    internal EphemeralPasswordEnumerator(
        ReadOnlySpan<char> username,
        Span<char> destination,
        SecretKey[] keys,
        EphemeralHashAlgorithm algorithm)
    {
        this.username = username;
        this.destination = destination;
        this.keys = keys;
        this.algorithm = algorithm;
        index = -1;
        length = 0;
    }

    /// <summary>The password under the secret at <see cref="SecretIndex"/>; valid until the next <see cref="MoveNext"/>.</summary>
    public readonly ReadOnlySpan<char> Current => destination[..length];

    /// <summary>Index of the current secret in the ring's snapshot (0 = newest); -1 before the first <see cref="MoveNext"/>.</summary>
    public readonly int SecretIndex => index;

    /// <summary>Number of secrets this enumerator walks.</summary>
    public readonly int SecretCount => keys.Length;

    /// <summary>Computes the password under the next secret.</summary>
    /// <returns><see langword="false"/> when every secret has been tried.</returns>
    public bool MoveNext()
    {
        if (index + 1 >= keys.Length)
        {
            index = keys.Length;
            length = 0;
            return false;
        }

        index++;
        EphemeralPassword.Compute(username, keys[index], algorithm, destination, out length);
        return true;
    }

    /// <summary>Returns this enumerator, so that it can be used in <see langword="foreach"/>.</summary>
    public readonly EphemeralPasswordEnumerator GetEnumerator() => this;
}
