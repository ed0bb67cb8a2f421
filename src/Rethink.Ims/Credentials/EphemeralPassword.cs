using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
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

    /// <summary>Usernames up to this many UTF-8 bytes (at worst a third as many characters) are encoded on the stack.</summary>
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
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
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

        using var message = new Utf8Username(username, stackalloc byte[StackUsernameBytes]);
        Span<byte> mac = stackalloc byte[MaxMacBytes];
        int macLength = PlatformMac(message.Bytes, key, algorithm, mac);
        Convert.TryToBase64Chars(mac[..macLength], destination, out charsWritten);
        CryptographicOperations.ZeroMemory(mac);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the password of <paramref name="username"/> under any of
    /// <paramref name="keys"/>, tried in order. The comparison is of the exact base64 text (so missing padding or a
    /// non-canonical encoding does not match), constant-time over its ASCII bytes. Allocates nothing for usernames
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

        // A password is base64 and so ASCII; comparing its bytes rather than its UTF-16 halves the constant-time work.
        Span<byte> given = stackalloc byte[MaxLength];
        if (Ascii.FromUtf16(password, given, out int givenLength) != OperationStatus.Done)
        {
            return false;
        }

        using var message = new Utf8Username(username, stackalloc byte[StackUsernameBytes]);
        Span<byte> mac = stackalloc byte[MaxMacBytes];
        Span<byte> expected = stackalloc byte[MaxLength];
        try
        {
            foreach (SecretKey key in keys)
            {
                int macLength = Mac(message.Bytes, key, algorithm, mac);
                Base64.EncodeToUtf8(mac[..macLength], expected, out _, out int expectedLength);
                if (CryptographicOperations.FixedTimeEquals(expected[..expectedLength], given[..givenLength]))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mac);
            CryptographicOperations.ZeroMemory(expected);
        }
    }

    /// <summary>The password of <paramref name="username"/> under a ring's key; <paramref name="destination"/> must hold <see cref="GetLength"/> characters.</summary>
    internal static void Compute(
        ReadOnlySpan<char> username,
        SecretKey key,
        EphemeralHashAlgorithm algorithm,
        Span<char> destination,
        out int charsWritten)
    {
        using var message = new Utf8Username(username, stackalloc byte[StackUsernameBytes]);
        Span<byte> mac = stackalloc byte[MaxMacBytes];
        int macLength = Mac(message.Bytes, key, algorithm, mac);
        Convert.TryToBase64Chars(mac[..macLength], destination, out charsWritten);
        CryptographicOperations.ZeroMemory(mac);
    }

    /// <summary>The HMAC of a UTF-8 username under a ring's key: SHA-1 from the key's precomputed pads, SHA-2 from the platform.</summary>
    private static int Mac(ReadOnlySpan<byte> username, SecretKey key, EphemeralHashAlgorithm algorithm, Span<byte> mac)
    {
        if (algorithm == EphemeralHashAlgorithm.Sha1)
        {
            key.Sha1.Compute(username, mac);
            return HmacSha1Key.MacSize;
        }

        return PlatformMac(username, key.Bytes, algorithm, mac);
    }

    [SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is what Kamailio auth_ephemeral defaults to and the only HMAC coturn knows; HMAC-SHA1 is not broken as a MAC.")]
    private static int PlatformMac(ReadOnlySpan<byte> username, ReadOnlySpan<byte> key, EphemeralHashAlgorithm algorithm, Span<byte> mac) =>
        algorithm switch
        {
            EphemeralHashAlgorithm.Sha1 => HMACSHA1.HashData(key, username, mac),
            EphemeralHashAlgorithm.Sha256 => HMACSHA256.HashData(key, username, mac),
            EphemeralHashAlgorithm.Sha384 => HMACSHA384.HashData(key, username, mac),
            EphemeralHashAlgorithm.Sha512 => HMACSHA512.HashData(key, username, mac),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown ephemeral hash algorithm."),
        };

    /// <summary>A username's UTF-8 bytes, in the caller's stack buffer when they fit, otherwise in a pooled array.</summary>
    private readonly ref struct Utf8Username
    {
        private readonly byte[]? rented;

        public Utf8Username(ReadOnlySpan<char> username, Span<byte> stackBuffer)
        {
            Span<byte> buffer = Encoding.UTF8.GetMaxByteCount(username.Length) <= stackBuffer.Length
                ? stackBuffer
                : (rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(username)));
            Bytes = buffer[..Encoding.UTF8.GetBytes(username, buffer)];
        }

        public ReadOnlySpan<byte> Bytes { get; }

        public void Dispose()
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
