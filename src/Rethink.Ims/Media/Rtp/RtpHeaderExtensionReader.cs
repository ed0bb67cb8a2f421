namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// Walks RFC 8285 header extension elements (one-byte profile 0xBEDE, two-byte profile 0x100x) in
/// extension data. Use with <c>foreach</c>, or <see cref="TryRead"/>. A malformed element ends the walk and sets
/// <see cref="IsMalformed"/>; nothing throws and nothing is allocated.
/// </summary>
public ref struct RtpHeaderExtensionReader
{
    /// <summary>The one-byte header profile (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>The two-byte header profile with its 4 "appbits" zero (RFC 8285 §4.3); the low 4 bits may vary.</summary>
    public const ushort TwoByteProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _form; // 1 one-byte, 2 two-byte, 0 unknown profile
    private int _offset;
    private RtpHeaderExtensionElement _current;

    /// <summary>Creates a reader over <paramref name="data"/> (the extension data after its preamble).</summary>
    public RtpHeaderExtensionReader(ushort profile, ReadOnlySpan<byte> data)
    {
        _data = data;
        _form = profile == OneByteProfile ? 1 : (profile & 0xFFF0) == TwoByteProfile ? 2 : 0;
        _offset = 0;
        _current = default;
        IsMalformed = false;
    }

    /// <summary>True when the profile is neither the one-byte nor the two-byte form.</summary>
    public readonly bool IsUnknownProfile => _form == 0;

    /// <summary>True when an element ran past the data or used a reserved identifier.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>The current element (for <c>foreach</c>).</summary>
    public readonly RtpHeaderExtensionElement Current => _current;

    /// <summary>Returns this reader (for <c>foreach</c>).</summary>
    public readonly RtpHeaderExtensionReader GetEnumerator() => this;

    /// <summary>Moves to the next element (for <c>foreach</c>).</summary>
    public bool MoveNext() => TryRead(out _current);

    /// <summary>Reads the next element, skipping padding; false at the end or on malformed data.</summary>
    public bool TryRead(out RtpHeaderExtensionElement element)
    {
        element = default;
        if (_form == 0 || IsMalformed)
        {
            return false;
        }

        while (_offset < _data.Length)
        {
            var first = _data[_offset];
            if (first == 0)
            {
                _offset++; // padding octet
                continue;
            }

            int id;
            int length;
            int headerSize;
            if (_form == 1)
            {
                id = first >> 4;
                if (id == 15)
                {
                    // RFC 8285 §4.2: identifier 15 is reserved; processing stops.
                    _offset = _data.Length;
                    return false;
                }

                length = (first & 0x0F) + 1;
                headerSize = 1;
            }
            else
            {
                if (_offset + 2 > _data.Length)
                {
                    IsMalformed = true;
                    return false;
                }

                id = first;
                length = _data[_offset + 1];
                headerSize = 2;
            }

            var start = _offset + headerSize;
            if (start + length > _data.Length)
            {
                IsMalformed = true;
                return false;
            }

            element = new RtpHeaderExtensionElement(id, _data.Slice(start, length));
            _offset = start + length;
            return true;
        }

        return false;
    }
}
