using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// ITU-T G.711 A-law (PCMA) companding between 16-bit linear PCM and 8-bit codes.
/// </summary>
/// <remarks>
/// Both directions are single table look-ups. The encoder looks at the 12 most significant bits of
/// a sample (A-law quantizes in steps of at least 16 at 16-bit scale), so its table has 4,096
/// entries; the decoder table has one linear value per code (±8 closest to zero, ±32,256 at full
/// scale). Nothing here allocates after the tables are built.
/// </remarks>
public static class ALaw
{
    // Code for each 12-bit two's-complement input, indexed by (ushort)sample >> 4.
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    // Linear value of each code.
    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Encodes one linear sample to its A-law code.</summary>
    /// <param name="sample">16-bit linear PCM sample.</param>
    /// <returns>The G.711 A-law code as sent on the wire (even bits already inverted).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Encode(short sample) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(EncodeTable), (ushort)sample >> 4);

    /// <summary>Decodes one A-law code to a linear sample.</summary>
    /// <param name="code">G.711 A-law code as received on the wire.</param>
    /// <returns>The 16-bit linear PCM value the code stands for.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Decode(byte code) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(DecodeTable), code);

    /// <summary>Encodes <paramref name="samples"/> into <paramref name="codes"/>, one byte per sample.</summary>
    /// <param name="samples">Linear PCM input.</param>
    /// <param name="codes">Destination; must hold at least <c>samples.Length</c> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="codes"/> is shorter than <paramref name="samples"/>.</exception>
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> codes) =>
        G711Lookup.Encode(samples, codes, EncodeTable, 4);

    /// <summary>Decodes <paramref name="codes"/> into <paramref name="samples"/>, one sample per byte.</summary>
    /// <param name="codes">A-law codes.</param>
    /// <param name="samples">Destination; must hold at least <c>codes.Length</c> samples.</param>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is shorter than <paramref name="codes"/>.</exception>
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> samples) =>
        G711Lookup.Decode(codes, samples, DecodeTable);

    // G.711 A-law encoding rule on the 12-bit magnitude: the first 16 steps form a linear segment,
    // each further segment doubles the step; the sign is bit 7 and the even bits are inverted (0x55).
    private static byte EncodeReference(int sample12)
    {
        int magnitude = sample12 < 0 ? ~sample12 : sample12;
        if (magnitude > 15)
        {
            int segment = 1;
            while (magnitude > 31)
            {
                magnitude >>= 1;
                segment++;
            }

            magnitude = (magnitude - 16) + (segment << 4);
        }

        int code = sample12 >= 0 ? magnitude | 0x80 : magnitude;
        return (byte)(code ^ 0x55);
    }

    // Inverse: the middle of the code's quantization interval at 16-bit scale.
    private static short DecodeReference(byte code)
    {
        int value = code ^ 0x55;
        int segment = (value & 0x7F) >> 4;
        int mantissa = value & 0x0F;
        if (segment > 0)
        {
            mantissa += 16;
        }

        int magnitude = (mantissa << 4) + 8;
        if (segment > 1)
        {
            magnitude <<= segment - 1;
        }

        return (short)(value > 0x7F ? magnitude : -magnitude);
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[1 << 12];
        for (int index = 0; index < table.Length; index++)
        {
            // index is the top 12 bits of the sample as unsigned; sign-extend it back.
            int sample12 = (short)(index << 4) >> 4;
            table[index] = EncodeReference(sample12);
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
