using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Rethink.Ims.Media.Stun;

/// <summary>
/// A read-only view of a STUN message (RFC 8489, RFC 5389) over the caller's bytes. <see cref="TryParse"/>
/// checks the header and every attribute length against the data; the accessors check each value's
/// own format and return false on anything malformed. Nothing here throws on wire input.
/// </summary>
/// <remarks>
/// Following RFC 8489 §14.5, the attribute getters ignore attributes after MESSAGE-INTEGRITY or
/// MESSAGE-INTEGRITY-SHA256 (only those two and FINGERPRINT may follow), so an attacker cannot append
/// unauthenticated attributes.
/// </remarks>
public readonly ref struct StunMessage
{
    /// <summary>Length of the STUN header.</summary>
    public const int HeaderLength = 20;

    /// <summary>The magic cookie (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>XOR applied to the CRC-32 of FINGERPRINT ("STUN").</summary>
    public const uint FingerprintXor = 0x5354554E;

    private readonly ReadOnlySpan<byte> _message;

    private StunMessage(ReadOnlySpan<byte> message) => _message = message;

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Span => _message;

    /// <summary>Message type.</summary>
    public StunMessageType Type => StunMessageType.FromWire(BinaryPrimitives.ReadUInt16BigEndian(_message));

    /// <summary>The 96-bit transaction ID.</summary>
    public ReadOnlySpan<byte> TransactionId => _message.Slice(8, 12);

    /// <summary>All attributes in order, including any after MESSAGE-INTEGRITY.</summary>
    public StunAttributeReader Attributes => new(_message);

    /// <summary>True when the USE-CANDIDATE attribute is present.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>
    /// Quick demultiplexing check (RFC 7983, RFC 8489 §5): first two bits zero, the magic cookie in place and a
    /// length that is a multiple of 4. Does not validate attributes.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength && (data[0] & 0xC0) == 0 &&
        BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == MagicCookie &&
        (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) & 3) == 0;

    /// <summary>
    /// Parses a datagram holding exactly one STUN message: header checks, the length field equal to the data after
    /// the header, and every attribute (with padding) inside it. Returns false otherwise; never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message)
    {
        message = default;
        if (!IsStun(data) || BinaryPrimitives.ReadUInt16BigEndian(data[2..]) != data.Length - HeaderLength)
        {
            return false;
        }

        var offset = HeaderLength;
        while (offset < data.Length)
        {
            if (offset + 4 > data.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            offset += 4 + ((length + 3) & ~3);
            if (offset > data.Length)
            {
                return false;
            }
        }

        message = new StunMessage(data);
        return true;
    }

    /// <summary>Finds the first attribute of <paramref name="type"/> among those that count (see remarks).</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        value = default;
        var integrityFollowers = type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256 or StunAttributeType.Fingerprint;
        var afterIntegrity = false;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type && (!afterIntegrity || integrityFollowers))
            {
                value = attribute.Value;
                return true;
            }

            if (attribute.Type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256)
            {
                afterIntegrity = true;
            }
        }

        return false;
    }

    /// <summary>USERNAME as UTF-8 octets.</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Username, out utf8);

    /// <summary>SOFTWARE as UTF-8 octets.</summary>
    public bool TryGetSoftware(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Software, out utf8);

    /// <summary>PRIORITY (ICE).</summary>
    public bool TryGetPriority(out uint priority) => TryGetUInt32(StunAttributeType.Priority, out priority);

    /// <summary>ICE-CONTROLLING tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED tie-breaker.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>MAPPED-ADDRESS.</summary>
    public bool TryGetMappedAddress(out IPEndPoint? endPoint) => TryGetAddress(StunAttributeType.MappedAddress, xor: false, out endPoint);

    /// <summary>XOR-MAPPED-ADDRESS, un-XORed with the magic cookie (and transaction ID for IPv6).</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint) => TryGetAddress(StunAttributeType.XorMappedAddress, xor: true, out endPoint);

    /// <summary>ERROR-CODE: the code (300..699) and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4)
        {
            return false;
        }

        var errorClass = value[2] & 0x07;
        var number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (errorClass * 100) + number;
        reason = value[4..];
        return true;
    }

    /// <summary>UNKNOWN-ATTRIBUTES: copies up to <paramref name="destination"/>.Length types; <paramref name="count"/> is how many the attribute lists.</summary>
    public bool TryGetUnknownAttributes(Span<ushort> destination, out int count)
    {
        count = 0;
        if (!TryGetAttribute(StunAttributeType.UnknownAttributes, out var value) || value.Length % 2 != 0)
        {
            return false;
        }

        count = value.Length / 2;
        for (var i = 0; i < count && i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(2 * i)..]);
        }

        return true;
    }

    /// <summary>Checks MESSAGE-INTEGRITY (HMAC-SHA1) with <paramref name="key"/> (see <see cref="StunCredentials"/>).</summary>
    public StunVerification VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        VerifyIntegrity(StunAttributeType.MessageIntegrity, key);

    /// <summary>Checks MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256, possibly truncated to 16..32 octets) with <paramref name="key"/>.</summary>
    public StunVerification VerifyMessageIntegritySha256(ReadOnlySpan<byte> key) =>
        VerifyIntegrity(StunAttributeType.MessageIntegritySha256, key);

    /// <summary>Checks FINGERPRINT, which must be the last attribute.</summary>
    public StunVerification VerifyFingerprint()
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Type != StunAttributeType.Fingerprint)
            {
                continue;
            }

            if (attribute.Value.Length != 4 || attribute.Offset + 8 != _message.Length)
            {
                return StunVerification.Invalid;
            }

            var expected = StunCrc32.Compute(_message[..attribute.Offset]) ^ FingerprintXor;
            return BinaryPrimitives.ReadUInt32BigEndian(attribute.Value) == expected ? StunVerification.Valid : StunVerification.Invalid;
        }

        return StunVerification.Missing;
    }

    private StunVerification VerifyIntegrity(ushort type, ReadOnlySpan<byte> key)
    {
        var sha256 = type == StunAttributeType.MessageIntegritySha256;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type != type)
            {
                // MESSAGE-INTEGRITY-SHA256 may follow MESSAGE-INTEGRITY, not the other way round.
                if (!sha256 && attribute.Type == StunAttributeType.MessageIntegritySha256)
                {
                    return StunVerification.Missing;
                }

                continue;
            }

            var length = attribute.Value.Length;
            if (sha256 ? length is < 16 or > 32 || length % 4 != 0 : length != 20)
            {
                return StunVerification.Invalid;
            }

            Span<byte> mac = stackalloc byte[32];
            ComputeIntegrity(_message[..attribute.Offset], length, key, sha256, mac);
            return CryptographicOperations.FixedTimeEquals(mac[..length], attribute.Value) ? StunVerification.Valid : StunVerification.Invalid;
        }

        return StunVerification.Missing;
    }

    /// <summary>
    /// HMAC over the message up to an integrity attribute, with the header length set to end just after that
    /// attribute (RFC 8489 §14.5). Shared with <see cref="StunMessageWriter"/>.
    /// </summary>
    internal static void ComputeIntegrity(ReadOnlySpan<byte> prefix, int macLength, ReadOnlySpan<byte> key, bool sha256, Span<byte> mac)
    {
        var rented = prefix.Length > 1024 ? ArrayPool<byte>.Shared.Rent(prefix.Length) : null;
        var copy = rented is null ? stackalloc byte[prefix.Length] : rented.AsSpan(0, prefix.Length);
        try
        {
            prefix.CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)(prefix.Length - HeaderLength + 4 + macLength));
            if (sha256)
            {
                HMACSHA256.HashData(key, copy, mac);
            }
            else
            {
#pragma warning disable CA5350 // MESSAGE-INTEGRITY is HMAC-SHA1 by definition (RFC 8489 §14.5).
                HMACSHA1.HashData(key, copy, mac);
#pragma warning restore CA5350
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private bool TryGetUInt32(ushort type, out uint value)
    {
        value = 0;
        if (!TryGetAttribute(type, out var raw) || raw.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(raw);
        return true;
    }

    private bool TryGetUInt64(ushort type, out ulong value)
    {
        value = 0;
        if (!TryGetAttribute(type, out var raw) || raw.Length != 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(raw);
        return true;
    }

    private bool TryGetAddress(ushort type, bool xor, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!TryGetAttribute(type, out var value) || value.Length < 4)
        {
            return false;
        }

        var family = value[1];
        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        var addressLength = family switch { 0x01 => 4, 0x02 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        Span<byte> address = stackalloc byte[addressLength];
        value.Slice(4, addressLength).CopyTo(address);
        if (xor)
        {
            port ^= (ushort)(MagicCookie >> 16);
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, MagicCookie);
            TransactionId.CopyTo(mask[4..]);
            for (var i = 0; i < addressLength; i++)
            {
                address[i] ^= mask[i];
            }
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    /// <summary>The family octet of an address attribute.</summary>
    internal static byte FamilyOf(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 0x01,
        AddressFamily.InterNetworkV6 => 0x02,
        _ => throw new ArgumentException("Only IPv4 and IPv6 addresses can be encoded.", nameof(family)),
    };
}
