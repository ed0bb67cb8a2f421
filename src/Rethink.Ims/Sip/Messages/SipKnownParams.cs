namespace Rethink.Ims.Sip.Messages;

/// <summary>The well-known header parameters found while scanning a parameter list.</summary>
internal struct SipKnownParams
{
    public SipParamSlot Tag;
    public SipParamSlot Expires;
    public SipParamSlot Q;
    public SipParamSlot Instance;
    public SipParamSlot RegId;
    public SipParamSlot Branch;
    public SipParamSlot Received;
    public SipParamSlot Rport;
    public SipParamSlot Maddr;

    /// <summary>Records the parameter whose name is <paramref name="name"/> if it is one of ours and the first of its name.</summary>
    public void Record(ReadOnlySpan<byte> name, int valueStart, int valueLength)
    {
        var slot = new SipParamSlot(valueStart, valueLength);
        switch (name.Length)
        {
            case 1 when (name[0] | 0x20) == 'q':
                Set(ref Q, slot);
                break;
            case 3 when Is(name, "tag"u8):
                Set(ref Tag, slot);
                break;
            case 5 when Is(name, "rport"u8):
                Set(ref Rport, slot);
                break;
            case 5 when Is(name, "maddr"u8):
                Set(ref Maddr, slot);
                break;
            case 6 when Is(name, "branch"u8):
                Set(ref Branch, slot);
                break;
            case 6 when Is(name, "reg-id"u8):
                Set(ref RegId, slot);
                break;
            case 7 when Is(name, "expires"u8):
                Set(ref Expires, slot);
                break;
            case 8 when Is(name, "received"u8):
                Set(ref Received, slot);
                break;
            case 13 when Is(name, "+sip.instance"u8):
                Set(ref Instance, slot);
                break;
        }

        static void Set(ref SipParamSlot target, SipParamSlot value)
        {
            if (!target.IsPresent)
            {
                target = value;
            }
        }
    }

    /// <summary>Case-insensitive compare of a token with a lower-case ASCII name.</summary>
    private static bool Is(ReadOnlySpan<byte> token, ReadOnlySpan<byte> lower)
    {
        for (var i = 0; i < lower.Length; i++)
        {
            // Token characters fold correctly with | 0x20 against lower-case letters, digits, '-', '+' and '.'.
            if ((token[i] | 0x20) != lower[i])
            {
                return false;
            }
        }

        return true;
    }
}
