using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Rethink.Ims.Media.Stun;

/// <summary>
/// Builds a STUN message in a caller buffer: the header first, then attributes in call order, keeping the
/// header's length field current. Add MESSAGE-INTEGRITY(-SHA256) after the attributes it protects and
/// FINGERPRINT last. A buffer too small is a programming error and throws <see cref="ArgumentException"/>;
/// 548 octets fit any ICE check (RFC 8489 §6.1).
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message of <paramref name="type"/> with a 12-octet <paramref name="transactionId"/>.</summary>
    public StunMessageWriter(Span<byte> buffer, StunMessageType type, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != 12)
        {
            throw new ArgumentException("A STUN transaction ID has 12 octets.", nameof(transactionId));
        }

        if (buffer.Length < StunMessage.HeaderLength)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type.ToWire());
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Octets written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends an attribute, padding its value with zeros to a multiple of 4.</summary>
    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var header = Reserve(type, value.Length);
        value.CopyTo(header[4..]);
    }

    /// <summary>Appends USERNAME (UTF-8, at most 509 octets).</summary>
    public void AddUsername(string username) => AddText(StunAttributeType.Username, username, 509);

    /// <summary>Appends SOFTWARE (UTF-8, at most 763 octets).</summary>
    public void AddSoftware(string software) => AddText(StunAttributeType.Software, software, 763);

    /// <summary>Appends PRIORITY.</summary>
    public void AddPriority(uint priority)
    {
        var span = Reserve(StunAttributeType.Priority, 4);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], priority);
    }

    /// <summary>Appends USE-CANDIDATE (no value).</summary>
    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    /// <summary>Appends ICE-CONTROLLING with its tie-breaker.</summary>
    public void AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    /// <summary>Appends ICE-CONTROLLED with its tie-breaker.</summary>
    public void AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>Appends MAPPED-ADDRESS.</summary>
    public void AddMappedAddress(IPEndPoint endPoint) => AddAddress(StunAttributeType.MappedAddress, endPoint, xor: false);

    /// <summary>Appends XOR-MAPPED-ADDRESS.</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint) => AddAddress(StunAttributeType.XorMappedAddress, endPoint, xor: true);

    /// <summary>Appends ERROR-CODE: <paramref name="code"/> 300..699 and a reason phrase.</summary>
    public void AddErrorCode(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        ArgumentNullException.ThrowIfNull(reason);
        var reasonLength = Encoding.UTF8.GetByteCount(reason);
        var span = Reserve(StunAttributeType.ErrorCode, 4 + reasonLength);
        span[4] = 0;
        span[5] = 0;
        span[6] = (byte)(code / 100);
        span[7] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, span[8..]);
    }

    /// <summary>Appends UNKNOWN-ATTRIBUTES.</summary>
    public void AddUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        var span = Reserve(StunAttributeType.UnknownAttributes, 2 * types.Length);
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[(4 + (2 * i))..], types[i]);
        }
    }

    /// <summary>Appends MESSAGE-INTEGRITY: HMAC-SHA1 under <paramref name="key"/> over everything written so far.</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key) => AddIntegrity(StunAttributeType.MessageIntegrity, 20, key, sha256: false);

    /// <summary>Appends MESSAGE-INTEGRITY-SHA256 (full 32 octets) over everything written so far.</summary>
    public void AddMessageIntegritySha256(ReadOnlySpan<byte> key) => AddIntegrity(StunAttributeType.MessageIntegritySha256, 32, key, sha256: true);

    /// <summary>Appends FINGERPRINT; nothing may follow it.</summary>
    public void AddFingerprint()
    {
        var start = _length;
        var span = Reserve(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], StunCrc32.Compute(_buffer[..start]) ^ StunMessage.FingerprintXor);
    }

    private void AddIntegrity(ushort type, int macLength, ReadOnlySpan<byte> key, bool sha256)
    {
        var start = _length;
        Span<byte> mac = stackalloc byte[32];
        EnsureRoom(4 + macLength);
        StunMessage.ComputeIntegrity(_buffer[..start], macLength, key, sha256, mac);
        AddAttribute(type, mac[..macLength]);
    }

    private void AddUInt64(ushort type, ulong value)
    {
        var span = Reserve(type, 8);
        BinaryPrimitives.WriteUInt64BigEndian(span[4..], value);
    }

    private void AddText(ushort type, string text, int maxOctets)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        if (length > maxOctets)
        {
            throw new ArgumentException($"At most {maxOctets} UTF-8 octets.", nameof(text));
        }

        var span = Reserve(type, length);
        Encoding.UTF8.GetBytes(text, span[4..]);
    }

    private void AddAddress(ushort type, IPEndPoint endPoint, bool xor)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var family = StunMessage.FamilyOf(endPoint.AddressFamily);
        var addressLength = family == 0x01 ? 4 : 16;
        var span = Reserve(type, 4 + addressLength);
        span[4] = 0;
        span[5] = family;
        var port = (ushort)endPoint.Port;
        var address = span.Slice(8, addressLength);
        endPoint.Address.TryWriteBytes(address, out _);
        if (xor)
        {
            port ^= (ushort)(StunMessage.MagicCookie >> 16);
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
            _buffer.Slice(8, 12).CopyTo(mask[4..]);
            for (var i = 0; i < addressLength; i++)
            {
                address[i] ^= mask[i];
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(span[6..], port);
    }

    // Writes the attribute header and zero padding; returns the span from the attribute header on.
    private Span<byte> Reserve(ushort type, int valueLength)
    {
        if (valueLength > ushort.MaxValue)
        {
            throw new ArgumentException("Attribute value too long.", nameof(valueLength));
        }

        var padded = (valueLength + 3) & ~3;
        EnsureRoom(4 + padded);
        var span = _buffer.Slice(_length, 4 + padded);
        BinaryPrimitives.WriteUInt16BigEndian(span, type);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)valueLength);
        span[(4 + valueLength)..].Clear();
        _length += 4 + padded;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderLength));
        return span;
    }

    private readonly void EnsureRoom(int octets)
    {
        if (_length + octets > _buffer.Length || _length + octets - StunMessage.HeaderLength > ushort.MaxValue)
        {
            throw new ArgumentException("The buffer is too small for this STUN message.");
        }
    }
}
