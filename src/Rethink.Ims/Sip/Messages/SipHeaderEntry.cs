namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Where one header field lives: offsets into the received buffer, or into the message's arena for
/// headers added or replaced later. 16 bytes, so a parsed REGISTER's index is one small array.
/// </summary>
internal struct SipHeaderEntry
{
    /// <summary>Start of the name; unused when <see cref="NameLength"/> is 0 (canonical name of <see cref="Id"/>).</summary>
    public int NameStart;

    /// <summary>Start of the value (LWS-trimmed; folded lines stay inside).</summary>
    public int ValueStart;

    /// <summary>Length of the value.</summary>
    public int ValueLength;

    /// <summary>Length of the name as written, or 0 to use the canonical name.</summary>
    public ushort NameLength;

    /// <summary>The recognised header, or Unknown.</summary>
    public SipHeaderId Id;

    /// <summary>True when name and value are in the arena rather than the received buffer.</summary>
    public bool InArena;
}
