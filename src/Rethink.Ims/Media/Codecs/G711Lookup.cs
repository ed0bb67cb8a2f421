using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Codecs;

/// <summary>The span loops shared by <see cref="MuLaw"/> and <see cref="ALaw"/>: one table look-up per sample.</summary>
internal static class G711Lookup
{
    /// <summary>Encodes each sample as <c>encodeTable[(ushort)sample &gt;&gt; shift]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> codes, byte[] encodeTable, int shift)
    {
        if (codes.Length < samples.Length)
        {
            throw new ArgumentException("The destination is shorter than the input.", nameof(codes));
        }

        ref byte table = ref MemoryMarshal.GetArrayDataReference(encodeTable);
        ref short src = ref MemoryMarshal.GetReference(samples);
        ref byte dst = ref MemoryMarshal.GetReference(codes);
        for (nint i = 0; i < samples.Length; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref table, (ushort)Unsafe.Add(ref src, i) >> shift);
        }
    }

    /// <summary>Decodes each code as <c>decodeTable[code]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> samples, short[] decodeTable)
    {
        if (samples.Length < codes.Length)
        {
            throw new ArgumentException("The destination is shorter than the input.", nameof(samples));
        }

        ref short table = ref MemoryMarshal.GetArrayDataReference(decodeTable);
        ref byte src = ref MemoryMarshal.GetReference(codes);
        ref short dst = ref MemoryMarshal.GetReference(samples);
        for (nint i = 0; i < codes.Length; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref table, Unsafe.Add(ref src, i));
        }
    }
}
