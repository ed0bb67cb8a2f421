using System.Buffers.Binary;

namespace Rethink.Ims.Media.Stun;

/// <summary>
/// Walks the attributes of a STUN message (already bounds-checked by <see cref="StunMessage.TryParse"/>).
/// Use with <c>foreach</c> or <see cref="TryRead"/>.
/// </summary>
public ref struct StunAttributeReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _offset;
    private StunAttributeEntry _current;

    /// <summary>Creates a reader over a whole message (header included).</summary>
    public StunAttributeReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _offset = StunMessage.HeaderLength;
        _current = default;
    }

    /// <summary>The current attribute (for <c>foreach</c>).</summary>
    public readonly StunAttributeEntry Current => _current;

    /// <summary>Returns this reader (for <c>foreach</c>).</summary>
    public readonly StunAttributeReader GetEnumerator() => this;

    /// <summary>Moves to the next attribute (for <c>foreach</c>).</summary>
    public bool MoveNext() => TryRead(out _current);

    /// <summary>Reads the next attribute; false at the end or when the next one does not fit.</summary>
    public bool TryRead(out StunAttributeEntry attribute)
    {
        attribute = default;
        if (_offset + 4 > _message.Length)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(_message[_offset..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_offset + 2)..]);
        var padded = (length + 3) & ~3;
        if (_offset + 4 + padded > _message.Length)
        {
            return false;
        }

        attribute = new StunAttributeEntry(type, _message.Slice(_offset + 4, length), _offset);
        _offset += 4 + padded;
        return true;
    }
}
