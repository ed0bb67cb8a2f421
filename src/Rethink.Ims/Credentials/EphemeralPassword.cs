using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Rethink.Ims.Credentials;

/// <summary>
/// The ephemeral password function shared by Kamailio <c>auth_ephemeral</c> and TURN REST:
/// <c>base64(HMAC(key = secret, message = whole username))</c>, standard alphabet with <c>=</c> padding.
/// </summary>
/// <remarks>
/// The username is hashed as its UTF-8 bytes, the form it has on the wire. Nothing here allocates on the heap
/// unless the username is longer than <see cref="StackUsernameBytes"/> UTF-8 bytes, when a pooled buffer is rented.
/// </remarks>
public static class EphemeralPassword
{
    /// <summary>Length of the longest password (HMAC-SHA512): 88 characters. Size buffers for any algorithm with it.</summary>
    public const int MaxLength = 88;

    /// <summary>Usernames up to this many UTF-8 bytes are encoded on the stack.</summary>
    internal const int StackUsernameBytes = 512;

    private const int MaxMacBytes = 64;

    /// <summary>Number of characters of a password made with <paramref name="algorithm"/>: 28, 44, 64 or 88.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static int GetLength(EphemeralHashAlgorithm algorithm) => algorithm switch
    {
        EphemeralHashAlgorithm.Sha1 => 28,
        EphemeralHashAlgorithm.Sha256 => 44,
        EphemeralHashAlgorithm.Sha384 => 64,
        EphemeralHashAlgorithm.Sha512 => 88,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown ephemeral hash algorithm."),
    };

    /// <summary>
    /// Computes the password for <paramref name="username"/> under <paramref name="key"/> (the secret's UTF-8 bytes).
    /// </summary>
    /// <param name="username">The whole username, exactly as signed (e.g. <c>1700000000:alice</c>).</param>
    /// <param name="key">The secret as bytes.</param>
    /// <param name="algorithm">The HMAC to use.</param>
    /// <param name="destination">Receives the base64 password; needs <see cref="GetLength"/> characters.</param>
    /// <param name="charsWritten">Characters written, or 0 when <paramref name="destination"/> is too short.</param>
    /// <returns><see langword="false"/> only when <paramref name="destination"/> is too short.</returns>
    public static bool TryCompute(
        ReadOnlySpan<char> username,
        ReadOnlySpan<byte> key,
        EphemeralHashAlgorithm algorithm,
        Span<char> destination,
        out int charsWritten)
    {
        if (destination.Length < GetLength(algorithm))
        {
            charsWritten = 0;
            return false;
        }

        byte[]? rented = null;
        int maxBytes = Encoding.UTF8.GetMaxByteCount(username.Length);
        Span<byte> message = maxBytes <= StackUsernameBytes
            ? stackalloc byte[StackUsernameBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(username)));
        try
        {
            int messageLength = Encoding.UTF8.GetBytes(username, message);
            return TryComputeFromBytes(message[..messageLength], key, algorithm, destination, out charsWritten);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the password of <paramref name="username"/> under any of
    /// <paramref name="keys"/>, tried in order; each comparison is constant-time. Allocates nothing for usernames
    /// up to <see cref="StackUsernameBytes"/> UTF-8 bytes.
    /// </summary>
    internal static bool MatchesAny(
        ReadOnlySpan<char> username,
        ReadOnlySpan<char> password,
        SecretKey[] keys,
        EphemeralHashAlgorithm algorithm)
    {
        if (keys.Length == 0 || password.Length != GetLength(algorithm))
        {
            return false;
        }

        byte[]? rented = null;
        Span<byte> message = Encoding.UTF8.GetMaxByteCount(username.Length) <= StackUsernameBytes
            ? stackalloc byte[StackUsernameBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(username)));
        Span<char> expected = stackalloc char[MaxLength];
        try
        {
            message = message[..Encoding.UTF8.GetBytes(username, message)];
            ReadOnlySpan<byte> given = MemoryMarshal.AsBytes(password);
            foreach (SecretKey key in keys)
            {
                Compute(message, key, algorithm, expected, out int length);
                if (CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected[..length]), given))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(expected));
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The password of <paramref name="username"/> under a ring's key; see the UTF-8 overload.</summary>
    internal static void Compute(
        ReadOnlySpan<char> username,
        SecretKey key,
        EphemeralHashAlgorithm algorithm,
        Span<char> destination,
        out int charsWritten)
    {
        byte[]? rented = null;
        Span<byte> message = Encoding.UTF8.GetMaxByteCount(username.Length) <= StackUsernameBytes
            ? stackalloc byte[StackUsernameBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(username)));
        try
        {
            int messageLength = Encoding.UTF8.GetBytes(username, message);
            Compute(message[..messageLength], key, algorithm, destination, out charsWritten);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The password of a UTF-8 username under a ring's key: HMAC-SHA1 from the key's precomputed state, the SHA-2
    /// family from the platform. <paramref name="destination"/> must hold <see cref="GetLength"/> characters.
    /// </summary>
    internal static void Compute(
        ReadOnlySpan<byte> username,
        SecretKey key,
        EphemeralHashAlgorithm algorithm,
        Span<char> destination,
        out int charsWritten)
    {
        if (algorithm != EphemeralHashAlgorithm.Sha1)
        {
            TryComputeFromBytes(username, key.Bytes, algorithm, destination, out charsWritten);
            return;
        }

        Span<byte> mac = stackalloc byte[HmacSha1Key.MacSize];
        key.Sha1.Compute(username, mac);
        Convert.TryToBase64Chars(mac, destination, out charsWritten);
        CryptographicOperations.ZeroMemory(mac);
    }

    /// <summary>Same as <see cref="TryCompute"/> for a username already encoded as UTF-8.</summary>
    [SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is what Kamailio auth_ephemeral defaults to and the only HMAC coturn knows; HMAC-SHA1 is not broken as a MAC.")]
    internal static bool TryComputeFromBytes(
        ReadOnlySpan<byte> username,
        ReadOnlySpan<byte> key,
        EphemeralHashAlgorithm algorithm,
        Span<char> destination,
        out int charsWritten)
    {
        Span<byte> mac = stackalloc byte[MaxMacBytes];
        int macLength = algorithm switch
        {
            EphemeralHashAlgorithm.Sha1 => HMACSHA1.HashData(key, username, mac),
            EphemeralHashAlgorithm.Sha256 => HMACSHA256.HashData(key, username, mac),
            EphemeralHashAlgorithm.Sha384 => HMACSHA384.HashData(key, username, mac),
            EphemeralHashAlgorithm.Sha512 => HMACSHA512.HashData(key, username, mac),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown ephemeral hash algorithm."),
        };
        bool written = Convert.TryToBase64Chars(mac[..macLength], destination, out charsWritten);
        CryptographicOperations.ZeroMemory(mac);
        return written;
    }
}
