using System.Security.Cryptography;
using System.Text;

namespace Rethink.Ims.Credentials;

/// <summary>
/// The shared secrets, newest first: the newest signs new credentials, every one is tried on verification
/// (Kamailio <c>auth_ephemeral</c> tries the last <c>secret</c> set first; coturn tries every <c>static-auth-secret</c>).
/// </summary>
/// <remarks>
/// Thread-safe. Readers take an immutable snapshot with one volatile read and never lock; writers build a new
/// array under a lock and publish it with a volatile write, so a verification in flight keeps the set it started
/// with. Secrets are held as their UTF-8 bytes and never appear in <see cref="ToString"/>, logs or exception
/// messages.
/// </remarks>
public sealed class SecretRing
{
    private readonly Lock writeLock = new();
    private SecretKey[] keys;

    /// <summary>Creates a ring from secrets ordered newest first.</summary>
    /// <param name="secretsNewestFirst">The secrets; may be empty (then <see cref="EphemeralCredentialGenerator.Generate(string, TimeSpan)"/> throws and every verification fails).</param>
    /// <exception cref="ArgumentNullException"><paramref name="secretsNewestFirst"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A secret is empty.</exception>
    public SecretRing(IEnumerable<string> secretsNewestFirst) => keys = Encode(secretsNewestFirst);

    /// <summary>Number of secrets held.</summary>
    public int Count => Volatile.Read(ref keys).Length;

    /// <summary>The current keys, newest first. The array is never changed after it is published: do not write to it.</summary>
    internal SecretKey[] Keys => Volatile.Read(ref keys);

    /// <summary>Adds a secret as the newest one: it signs new credentials from now on.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public void Add(string secret)
    {
        SecretKey key = Encode(secret, nameof(secret));
        lock (writeLock)
        {
            SecretKey[] current = keys;
            var next = new SecretKey[current.Length + 1];
            next[0] = key;
            Array.Copy(current, 0, next, 1, current.Length);
            Volatile.Write(ref keys, next);
        }
    }

    /// <summary>Removes the secret at <paramref name="index"/> (0 = newest), like Kamailio's <c>autheph.rm_secret</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public void RemoveAt(int index)
    {
        lock (writeLock)
        {
            SecretKey[] current = keys;
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, current.Length);
            Volatile.Write(ref keys, Without(current, index));
        }
    }

    /// <summary>
    /// Removes the newest secret equal to <paramref name="secret"/>. Each stored secret is compared in constant time.
    /// </summary>
    /// <returns><see langword="true"/> if a secret was removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is <see langword="null"/>.</exception>
    public bool Remove(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        byte[] key = Encoding.UTF8.GetBytes(secret);
        try
        {
            lock (writeLock)
            {
                SecretKey[] current = keys;
                int found = -1;
                for (int i = current.Length - 1; i >= 0; i--)
                {
                    // Walk every entry so the time spent does not depend on where the match is.
                    if (CryptographicOperations.FixedTimeEquals(current[i].Bytes, key))
                    {
                        found = i;
                    }
                }

                if (found < 0)
                {
                    return false;
                }

                Volatile.Write(ref keys, Without(current, found));
                return true;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Atomically replaces every secret (configuration reload). Readers see either the old set or the new one.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="secretsNewestFirst"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A secret is empty.</exception>
    public void Replace(IEnumerable<string> secretsNewestFirst)
    {
        SecretKey[] next = Encode(secretsNewestFirst);
        lock (writeLock)
        {
            Volatile.Write(ref keys, next);
        }
    }

    /// <summary>Says how many secrets the ring holds, never what they are, e.g. <c>SecretRing(3 secrets)</c>.</summary>
    public override string ToString()
    {
        int count = Count;
        return count == 1 ? "SecretRing(1 secret)" : $"SecretRing({count} secrets)";
    }

    private static SecretKey[] Encode(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var encoded = new List<SecretKey>();
        foreach (string secret in secrets)
        {
            encoded.Add(Encode(secret, nameof(secrets)));
        }

        return [.. encoded];
    }

    private static SecretKey Encode(string secret, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(secret, parameterName);
        if (secret.Length == 0)
        {
            throw new ArgumentException("A secret must not be empty.", parameterName);
        }

        return new SecretKey(Encoding.UTF8.GetBytes(secret));
    }

    private static SecretKey[] Without(SecretKey[] current, int index)
    {
        var next = new SecretKey[current.Length - 1];
        Array.Copy(current, 0, next, 0, index);
        Array.Copy(current, index + 1, next, index, current.Length - index - 1);
        return next;
    }
}
