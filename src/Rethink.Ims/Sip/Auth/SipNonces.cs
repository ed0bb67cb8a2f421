using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// Stateless nonces: base64url of <c>version(1) | issued, Unix ms(8) | random(8) | HMAC-SHA256(key, the first 17 bytes | realm)
/// truncated to 16</c>, 44 characters. Nothing is stored when a nonce is issued; the nonce-count table only learns a nonce
/// when it is first used with credentials.
/// </summary>
internal sealed class SipNonces
{
    public const int TextLength = 44;
    private const int RawLength = 33;
    private const int HeaderLength = 17;
    private const int MacLength = 16;
    private const byte Version = 1;

    // Clocks of instances sharing a key may disagree a little; a nonce further in the future than this is refused.
    private static readonly TimeSpan FutureSkew = TimeSpan.FromSeconds(5);

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public SipNonces(byte[] key, TimeSpan lifetime, TimeProvider time)
    {
        _key = key;
        _time = time;
        Lifetime = lifetime;
    }

    public TimeSpan Lifetime { get; }

    public string Issue(string realm)
    {
        Span<byte> raw = stackalloc byte[RawLength];
        raw[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(raw[1..], _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(raw.Slice(9, 8));
        var realmBytes = Encoding.UTF8.GetBytes(realm);
        Mac(raw[..HeaderLength], realmBytes, raw[HeaderLength..]);
        return Base64Url.EncodeToString(raw);
    }

    /// <summary>Checks the MAC, the realm binding and the age of <paramref name="nonce"/>.</summary>
    /// <param name="nonce">The nonce as received (UTF-8).</param>
    /// <param name="realm">The realm it must have been issued for.</param>
    /// <param name="id">The nonce's random part, its key in the nonce-count table.</param>
    /// <param name="issuedMs">When it was issued, Unix milliseconds.</param>
    public SipNonceCheck Check(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> realm, out ulong id, out long issuedMs)
    {
        id = 0;
        issuedMs = 0;
        Span<byte> raw = stackalloc byte[RawLength + 3];
        if (nonce.Length != TextLength
            || Base64Url.DecodeFromUtf8(nonce, raw, out var consumed, out var written) != OperationStatus.Done
            || consumed != TextLength || written != RawLength || raw[0] != Version)
        {
            return SipNonceCheck.Invalid;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        Mac(raw[..HeaderLength], realm, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, raw.Slice(HeaderLength, MacLength)))
        {
            return SipNonceCheck.Invalid;
        }

        issuedMs = BinaryPrimitives.ReadInt64BigEndian(raw[1..]);
        id = BinaryPrimitives.ReadUInt64BigEndian(raw[9..]);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (issuedMs > now + (long)FutureSkew.TotalMilliseconds)
        {
            return SipNonceCheck.Invalid;
        }

        return now - issuedMs > (long)Lifetime.TotalMilliseconds ? SipNonceCheck.Stale : SipNonceCheck.Valid;
    }

    private void Mac(ReadOnlySpan<byte> header, ReadOnlySpan<byte> realm, Span<byte> destination)
    {
        var length = header.Length + realm.Length;
        byte[]? rented = null;
        Span<byte> input = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        header.CopyTo(input);
        realm.CopyTo(input[header.Length..]);
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, input[..length], full);
        full[..destination.Length].CopyTo(destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
