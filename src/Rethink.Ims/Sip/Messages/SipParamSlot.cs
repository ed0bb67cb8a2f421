namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Where a well-known parameter's value sits inside a header value, recorded while the value is
/// validated so that reading branch, tag or expires later costs no search. Start is stored plus one:
/// the default value means "absent".
/// </summary>
internal readonly struct SipParamSlot
{
    private readonly ushort _start1;
    private readonly ushort _length;

    internal SipParamSlot(int start, int length)
    {
        _start1 = (ushort)(start + 1);
        _length = (ushort)length;
    }

    /// <summary>Rebuilds a slot from <see cref="Raw"/>.</summary>
    internal SipParamSlot((ushort Start1, ushort Length) raw)
    {
        _start1 = raw.Start1;
        _length = raw.Length;
    }

    /// <summary>The stored pair, for types that keep it in plain fields.</summary>
    internal (ushort Start1, ushort Length) Raw => (_start1, _length);

    /// <summary>True when the parameter is present (with or without a value).</summary>
    internal bool IsPresent => _start1 != 0;

    /// <summary>The raw value (empty for a bare parameter or when absent).</summary>
    internal SipText Value(SipText raw) => _start1 == 0 ? default : raw.Slice(_start1 - 1, _length);
}
