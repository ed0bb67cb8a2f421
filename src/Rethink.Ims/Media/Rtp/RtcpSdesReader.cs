using System.Buffers.Binary;

namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// Walks the chunks and items of an SDES packet body. Bounded: a malformed chunk ends the walk and
/// sets <see cref="IsMalformed"/>.
/// </summary>
public ref struct RtcpSdesReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _chunkCount;
    private int _chunk;
    private int _offset;
    private uint _source;
    private bool _inChunk;
    private RtcpSdesItem _current;

    /// <summary>Creates a reader over an SDES body (after the 4-octet RTCP header) holding <paramref name="chunkCount"/> chunks.</summary>
    public RtcpSdesReader(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunkCount = chunkCount;
        _chunk = 0;
        _offset = 0;
        _source = 0;
        _inChunk = false;
        _current = default;
        IsMalformed = false;
    }

    /// <summary>True when a chunk or item ran past the packet.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>The current item (for <c>foreach</c>).</summary>
    public readonly RtcpSdesItem Current => _current;

    /// <summary>Returns this reader (for <c>foreach</c>).</summary>
    public readonly RtcpSdesReader GetEnumerator() => this;

    /// <summary>Moves to the next item (for <c>foreach</c>).</summary>
    public bool MoveNext() => TryRead(out _current);

    /// <summary>Reads the next item; false at the end or on malformed data.</summary>
    public bool TryRead(out RtcpSdesItem item)
    {
        item = default;
        while (!IsMalformed)
        {
            if (!_inChunk)
            {
                if (_chunk >= _chunkCount)
                {
                    return false;
                }

                if (_offset + 4 > _body.Length)
                {
                    IsMalformed = true;
                    return false;
                }

                _source = BinaryPrimitives.ReadUInt32BigEndian(_body[_offset..]);
                _offset += 4;
                _inChunk = true;
            }

            if (_offset >= _body.Length)
            {
                IsMalformed = true;
                return false;
            }

            var type = _body[_offset];
            if (type == 0)
            {
                // End of the item list: skip the null octet and pad to the next 32-bit boundary.
                _offset = (_offset + 4) & ~3;
                _inChunk = false;
                _chunk++;
                continue;
            }

            if (_offset + 2 > _body.Length || _offset + 2 + _body[_offset + 1] > _body.Length)
            {
                IsMalformed = true;
                return false;
            }

            var length = _body[_offset + 1];
            item = new RtcpSdesItem(_source, (RtcpSdesItemType)type, _body.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }

        return false;
    }
}
