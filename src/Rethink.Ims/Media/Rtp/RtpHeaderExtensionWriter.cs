namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// Writes RFC 8285 header extension elements into a caller buffer; <see cref="Finish"/> pads the data to
/// a multiple of 4 octets, ready for <see cref="RtpHeader.TryWrite"/>.
/// </summary>
public ref struct RtpHeaderExtensionWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _twoByte;
    private int _length;

    /// <summary>Creates a writer in the one-byte form, or the two-byte form when <paramref name="twoByte"/> is true.</summary>
    public RtpHeaderExtensionWriter(Span<byte> buffer, bool twoByte = false)
    {
        _buffer = buffer;
        _twoByte = twoByte;
        _length = 0;
    }

    /// <summary>The profile to write in the extension preamble.</summary>
    public readonly ushort Profile => _twoByte ? RtpHeaderExtensionReader.TwoByteProfile : RtpHeaderExtensionReader.OneByteProfile;

    /// <summary>Octets written so far (before <see cref="Finish"/> pads).</summary>
    public readonly int Length => _length;

    /// <summary>
    /// Appends an element. One-byte form: id 1..14, 1..16 octets of data. Two-byte form: id 1..255,
    /// 0..255 octets. Returns false when out of range or out of room.
    /// </summary>
    public bool TryAdd(int id, ReadOnlySpan<byte> data)
    {
        if (_twoByte)
        {
            if (id is < 1 or > 255 || data.Length > 255 || _length + 2 + data.Length > _buffer.Length)
            {
                return false;
            }

            _buffer[_length] = (byte)id;
            _buffer[_length + 1] = (byte)data.Length;
            data.CopyTo(_buffer[(_length + 2)..]);
            _length += 2 + data.Length;
            return true;
        }

        if (id is < 1 or > 14 || data.Length is < 1 or > 16 || _length + 1 + data.Length > _buffer.Length)
        {
            return false;
        }

        _buffer[_length] = (byte)((id << 4) | (data.Length - 1));
        data.CopyTo(_buffer[(_length + 1)..]);
        _length += 1 + data.Length;
        return true;
    }

    /// <summary>Pads with zero octets to a multiple of 4 and returns the data; false when out of room.</summary>
    public bool Finish(out ReadOnlySpan<byte> data)
    {
        data = default;
        var padded = (_length + 3) & ~3;
        if (padded > _buffer.Length)
        {
            return false;
        }

        _buffer[_length..padded].Clear();
        data = _buffer[..padded];
        return true;
    }
}
