using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// The digest computations of RFC 2617 / RFC 7616 over UTF-8 bytes, results as lower-case hex. MD5 in managed code
/// (<see cref="SipMd5"/>), SHA-256 with one reusable hash object per thread, so a computation allocates nothing.
/// </summary>
internal static class SipDigest
{
    /// <summary>Longest hex digest (SHA-256).</summary>
    public const int MaxHexLength = 64;

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public static SipDigestAlgorithm Family(SipDigestAlgorithm algorithm) => algorithm switch
    {
        SipDigestAlgorithm.Md5 or SipDigestAlgorithm.Md5Sess => SipDigestAlgorithm.Md5,
        SipDigestAlgorithm.Sha256 or SipDigestAlgorithm.Sha256Sess => SipDigestAlgorithm.Sha256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static bool IsSession(SipDigestAlgorithm algorithm) => algorithm is SipDigestAlgorithm.Md5Sess or SipDigestAlgorithm.Sha256Sess;

    public static int HexLength(SipDigestAlgorithm algorithm) => Family(algorithm) == SipDigestAlgorithm.Md5 ? 32 : 64;

    public static string Name(SipDigestAlgorithm algorithm) => algorithm switch
    {
        SipDigestAlgorithm.Md5 => "MD5",
        SipDigestAlgorithm.Md5Sess => "MD5-sess",
        SipDigestAlgorithm.Sha256 => "SHA-256",
        SipDigestAlgorithm.Sha256Sess => "SHA-256-sess",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Parses an <c>algorithm</c> parameter (case-insensitive); empty means MD5 (RFC 2617 §3.2.2).</summary>
    public static bool TryParse(ReadOnlySpan<byte> name, out SipDigestAlgorithm algorithm)
    {
        if (name.IsEmpty || Ascii.EqualsIgnoreCase(name, "MD5"u8))
        {
            algorithm = SipDigestAlgorithm.Md5;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(name, "SHA-256"u8))
        {
            algorithm = SipDigestAlgorithm.Sha256;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(name, "MD5-sess"u8))
        {
            algorithm = SipDigestAlgorithm.Md5Sess;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(name, "SHA-256-sess"u8))
        {
            algorithm = SipDigestAlgorithm.Sha256Sess;
            return true;
        }

        algorithm = default;
        return false;
    }

    /// <summary>HA1 = H(username:realm:password), written as hex into <paramref name="hex"/>; returns the hex length.</summary>
    public static int Ha1(SipDigestAlgorithm algorithm, ReadOnlySpan<byte> username, ReadOnlySpan<byte> realm, ReadOnlySpan<char> password, Span<byte> hex)
    {
        var max = username.Length + realm.Length + 2 + Encoding.UTF8.GetMaxByteCount(password.Length);
        byte[]? rented = null;
        Span<byte> input = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Join(input, username, ":"u8, realm, ":"u8);
        length += Encoding.UTF8.GetBytes(password, input[length..]);
        var written = HashHex(algorithm, input[..length], hex);
        CryptographicOperations.ZeroMemory(input[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return written;
    }

    public static int SessionHa1(SipDigestAlgorithm algorithm, ReadOnlySpan<byte> ha1Hex, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> cnonce, Span<byte> hex)
    {
        var max = ha1Hex.Length + nonce.Length + cnonce.Length + 2;
        byte[]? rented = null;
        Span<byte> input = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Join(input, ha1Hex, ":"u8, nonce, ":"u8);
        cnonce.CopyTo(input[length..]);
        var written = HashHex(algorithm, input[..(length + cnonce.Length)], hex);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return written;
    }

    /// <summary>
    /// The request-digest: with qop, H(HA1:nonce:nc:cnonce:qop:HA2); without, H(HA1:nonce:HA2); HA2 = H(method:uri).
    /// </summary>
    public static int Response(
        SipDigestAlgorithm algorithm,
        ReadOnlySpan<byte> ha1Hex,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> nc,
        ReadOnlySpan<byte> cnonce,
        ReadOnlySpan<byte> qop,
        ReadOnlySpan<byte> method,
        ReadOnlySpan<byte> uri,
        Span<byte> hex)
    {
        // Each hash input is joined first and hashed in one call (MD5 in managed code, SHA-256 in one call into the
        // platform's crypto library, where short inputs cost more in calls than in hashing).
        var max = Math.Max(method.Length + 1 + uri.Length, ha1Hex.Length + nonce.Length + nc.Length + cnonce.Length + qop.Length + MaxHexLength + 5);
        byte[]? rented = null;
        Span<byte> input = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Join(input, method, ":"u8, uri);
        Span<byte> ha2 = stackalloc byte[MaxHexLength];
        var ha2Length = HashHex(algorithm, input[..length], ha2);

        length = Join(input, ha1Hex, ":"u8, nonce, ":"u8);
        if (!qop.IsEmpty)
        {
            length += Join(input[length..], nc, ":"u8, cnonce, ":"u8);
            length += Join(input[length..], qop, ":"u8);
        }

        ha2[..ha2Length].CopyTo(input[length..]);
        var written = HashHex(algorithm, input[..(length + ha2Length)], hex);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return written;
    }

    private static int Join(Span<byte> destination, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default, ReadOnlySpan<byte> d = default)
    {
        a.CopyTo(destination);
        b.CopyTo(destination[a.Length..]);
        c.CopyTo(destination[(a.Length + b.Length)..]);
        d.CopyTo(destination[(a.Length + b.Length + c.Length)..]);
        return a.Length + b.Length + c.Length + d.Length;
    }

    /// <summary>H(<paramref name="input"/>) as lower-case hex into <paramref name="hex"/>; returns the hex length.</summary>
    private static int HashHex(SipDigestAlgorithm algorithm, ReadOnlySpan<byte> input, Span<byte> hex)
    {
        Span<byte> digest = stackalloc byte[32];
        int length;
        if (Family(algorithm) == SipDigestAlgorithm.Md5)
        {
            SipMd5.Hash(input, digest);
            length = SipMd5.HashSize;
        }
        else
        {
            var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(input);
            length = sha256.GetHashAndReset(digest);
        }

        Convert.TryToHexStringLower(digest[..length], hex, out var written);
        return written;
    }
}
