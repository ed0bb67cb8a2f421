using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // Names compared as folded words (see Record): "tag" is "ta" + 'g', "rport" "rpor" + 't', "branch"
    // "bran" + "ch", "expires" "expi" + "ires" (overlapping), "+sip.instance" "+sip.ins" + "instance" (overlapping).
    private static readonly ushort Ta = W16("ta"u8);
    private static readonly uint Rpor = W32("rpor"u8), Madd = W32("madd"u8), Bran = W32("bran"u8), RegI = W32("reg-"u8);
    private static readonly ushort Ch = W16("ch"u8), Id = W16("id"u8);
    private static readonly uint Expi = W32("expi"u8), Ires = W32("ires"u8);
    private static readonly ulong Received8 = W64("received"u8), SipIns = W64("+sip.ins"u8), Instance8 = W64("instance"u8);

    /// <summary>Records the parameter whose name is <paramref name="name"/> if it is one of ours and the first of its name.</summary>
    /// <remarks>
    /// Names are compared a word at a time with every byte OR-ed with 0x20. That folds upper-case letters
    /// onto lower-case ones and leaves the other bytes of these names ('-', '+', '.') alone; a name is a
    /// token, and no other token character folds onto a letter, '-', '+' or '.'.
    /// </remarks>
    public void Record(ReadOnlySpan<byte> name, int valueStart, int valueLength)
    {
        var slot = new SipParamSlot(valueStart, valueLength);
        ref var r = ref MemoryMarshal.GetReference(name);
        switch (name.Length)
        {
            case 1 when (r | 0x20) == 'q':
                Set(ref Q, slot);
                break;
            case 3 when (U16(ref r, 0) | 0x2020) == Ta && (Unsafe.Add(ref r, 2) | 0x20) == 'g':
                Set(ref Tag, slot);
                break;
            case 5:
                var w5 = U32(ref r, 0) | 0x20202020u;
                var last5 = Unsafe.Add(ref r, 4) | 0x20;
                if (w5 == Rpor && last5 == 't')
                {
                    Set(ref Rport, slot);
                }
                else if (w5 == Madd && last5 == 'r')
                {
                    Set(ref Maddr, slot);
                }

                break;
            case 6:
                var w6 = U32(ref r, 0) | 0x20202020u;
                var last6 = U16(ref r, 4) | 0x2020;
                if (w6 == Bran && last6 == Ch)
                {
                    Set(ref Branch, slot);
                }
                else if (w6 == RegI && last6 == Id)
                {
                    Set(ref RegId, slot);
                }

                break;
            case 7 when (U32(ref r, 0) | 0x20202020u) == Expi && (U32(ref r, 3) | 0x20202020u) == Ires:
                Set(ref Expires, slot);
                break;
            case 8 when (U64(ref r, 0) | 0x2020202020202020ul) == Received8:
                Set(ref Received, slot);
                break;
            case 13 when (U64(ref r, 0) | 0x2020202020202020ul) == SipIns && (U64(ref r, 5) | 0x2020202020202020ul) == Instance8:
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

    private static ushort U16(ref byte r, int at) => Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref r, at));

    private static uint U32(ref byte r, int at) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref r, at));

    private static ulong U64(ref byte r, int at) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, at));

    // In the machine's byte order, as the words read above.
    private static ushort W16(ReadOnlySpan<byte> s) => MemoryMarshal.Read<ushort>(s);

    private static uint W32(ReadOnlySpan<byte> s) => MemoryMarshal.Read<uint>(s);

    private static ulong W64(ReadOnlySpan<byte> s) => MemoryMarshal.Read<ulong>(s);
}
