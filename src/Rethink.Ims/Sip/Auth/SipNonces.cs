using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// Stateless nonces: base64url of <c>version(1) | issued, Unix ms(8) | id(8) | HMAC-SHA1(key, the first 17 bytes | realm)
/// truncated to 16</c>, 44 characters. Nothing is stored when a nonce is issued; the nonce-count table only learns a nonce
/// when it is first used with credentials.
/// </summary>
/// <remarks>
/// The id only has to be unique (it keys the nonce-count table; the MAC is what makes a nonce unforgeable), so it is a
/// counter from a random start rather than fresh random bytes, and the MAC uses HMAC-SHA1 with the key's pads hashed
/// once (<see cref="HmacSha1Key"/>): the platform's one-shot HMAC-SHA256 and random generator cost several microseconds
/// per call, twice per registration.
/// </remarks>
internal sealed class SipNonces
{
    public const int TextLength = 44;
    private const int RawLength = 33;
    private const int HeaderLength = 17;
    private const int MacLength = 16;
    private const byte Version = 2;

    // Clocks of instances sharing a key may disagree a little; a nonce further in the future than this is refused.
    private static readonly TimeSpan FutureSkew = TimeSpan.FromSeconds(5);

    private readonly HmacSha1Key _key;
    private readonly TimeProvider _time;
    private long _nextId;

    public SipNonces(byte[] key, TimeSpan lifetime, TimeProvider time)
    {
        _key = new HmacSha1Key(key);
        _time = time;
        _nextId = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        Lifetime = lifetime;
    }

    public TimeSpan Lifetime { get; }

    public string Issue(string realm) => Issue(realm, _time.GetUtcNow().ToUnixTimeMilliseconds(), NextId());

    /// <summary>A fresh nonce id (unique within the process).</summary>
    public ulong NextId() => (ulong)Interlocked.Increment(ref _nextId);

    /// <summary>The nonce of <paramref name="issuedMs"/> and <paramref name="id"/> for <paramref name="realm"/>: the same inputs give the same nonce.</summary>
    public string Issue(string realm, long issuedMs, ulong id)
    {
        Span<byte> raw = stackalloc byte[RawLength];
        raw[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(raw[1..], issuedMs);
        BinaryPrimitives.WriteUInt64BigEndian(raw[9..], id);
        Span<byte> realmBytes = stackalloc byte[256];
        var realmLength = Encoding.UTF8.GetByteCount(realm);
        ReadOnlySpan<byte> realmSpan = realmLength <= realmBytes.Length ? realmBytes[..Encoding.UTF8.GetBytes(realm, realmBytes)] : Encoding.UTF8.GetBytes(realm);
        Mac(raw[..HeaderLength], realmSpan, raw[HeaderLength..]);
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
        Span<byte> full = stackalloc byte[HmacSha1Key.MacSize];
        _key.Compute(input[..length], full);
        full[..destination.Length].CopyTo(destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
