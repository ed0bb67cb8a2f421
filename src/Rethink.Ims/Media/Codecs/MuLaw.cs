using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// ITU-T G.711 µ-law (PCMU) companding between 16-bit linear PCM and 8-bit codes.
/// </summary>
/// <remarks>
/// Both directions are single table look-ups. The encoder looks at the 14 most significant bits of
/// a sample (that is all G.711 µ-law keeps), so its table has 16,384 entries indexed by those bits;
/// the decoder table has one linear value per code, scaled to 16 bits (±32,124 at full scale).
/// Nothing here allocates after the tables are built.
/// </remarks>
public static class MuLaw
{
    // Code for each 14-bit two's-complement input, indexed by (ushort)sample >> 2.
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    // Linear value of each code.
    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Encodes one linear sample to its µ-law code.</summary>
    /// <param name="sample">16-bit linear PCM sample.</param>
    /// <returns>The G.711 µ-law code (as sent on the wire, bits already inverted).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Encode(short sample) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(EncodeTable), (ushort)sample >> 2);

    /// <summary>Decodes one µ-law code to a linear sample.</summary>
    /// <param name="code">G.711 µ-law code as received on the wire.</param>
    /// <returns>The 16-bit linear PCM value the code stands for.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Decode(byte code) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(DecodeTable), code);

    /// <summary>Encodes <paramref name="samples"/> into <paramref name="codes"/>, one byte per sample.</summary>
    /// <param name="samples">Linear PCM input.</param>
    /// <param name="codes">Destination; must hold at least <c>samples.Length</c> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="codes"/> is shorter than <paramref name="samples"/>.</exception>
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> codes) =>
        G711Lookup.Encode(samples, codes, EncodeTable, 2);

    /// <summary>Decodes <paramref name="codes"/> into <paramref name="samples"/>, one sample per byte.</summary>
    /// <param name="codes">µ-law codes.</param>
    /// <param name="samples">Destination; must hold at least <c>codes.Length</c> samples.</param>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is shorter than <paramref name="codes"/>.</exception>
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> samples) =>
        G711Lookup.Decode(codes, samples, DecodeTable);

    // G.711 µ-law encoding rule on the 14-bit magnitude: add the bias of 33, find the segment from the
    // position of the highest set bit, keep four mantissa bits, then invert all bits of the code.
    private static byte EncodeReference(int sample14)
    {
        int magnitude = sample14 < 0 ? ~sample14 : sample14;
        int biased = Math.Min(magnitude + 33, 0x1FFF);
        int segment = 1;
        for (int i = biased >> 6; i != 0; i >>= 1)
        {
            segment++;
        }

        int mantissa = (biased >> segment) & 0x0F;
        int code = ((8 - segment) << 4) | (0x0F - mantissa);
        return (byte)(sample14 >= 0 ? code | 0x80 : code);
    }

    // Inverse: the value in the middle of the code's quantization interval, minus the bias, scaled by 4.
    private static short DecodeReference(byte code)
    {
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 0x07;
        int mantissa = inverted & 0x0F;
        int step = 4 << (exponent + 1);
        int magnitude = (0x80 << exponent) + (step * mantissa) + (step / 2) - (4 * 33);
        return (short)(code < 0x80 ? -magnitude : magnitude);
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[1 << 14];
        for (int index = 0; index < table.Length; index++)
        {
            // index is the top 14 bits of the sample as unsigned; sign-extend it back.
            int sample14 = (short)(index << 2) >> 2;
            table[index] = EncodeReference(sample14);
        }

        return table;
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int code = 0; code < table.Length; code++)
        {
            table[code] = DecodeReference((byte)code);
        }

        return table;
    }
}
