using System.Buffers.Binary;
using System.Numerics;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// MD5 (RFC 1321) in managed code, one-shot over a span, for the digest computations of <see cref="SipDigest"/>. Digest inputs
/// are one to three blocks, where a call into the platform's crypto library (context reset, error-queue clearing, the final
/// call) costs more than the hashing itself; this costs the compressions only and allocates nothing.
/// </summary>
/// <remarks>MD5 is what SIP digest (RFC 2617) prescribes, not a choice made here. Checked against the platform's MD5 in
/// the tests for every length around the padding boundaries and random inputs.</remarks>
internal static class SipMd5
{
    public const int HashSize = 16;

    private const int BlockSize = 64;

    private static readonly int[] Shifts =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    // RFC 1321 §3.4: T[i] = the integer part of 4294967296 × |sin(i)|, i = 1..64 (radians).
    private static readonly uint[] Sines = [.. Enumerable.Range(1, 64).Select(i => (uint)(long)Math.Floor(Math.Abs(Math.Sin(i)) * 4294967296.0))];

    /// <summary>Writes MD5(<paramref name="input"/>) into the first 16 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSize, nameof(destination));
        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        var bitLength = (ulong)input.Length * 8;
        while (input.Length >= BlockSize)
        {
            Compress(ref a, ref b, ref c, ref d, input[..BlockSize]);
            input = input[BlockSize..];
        }

        // The tail, 0x80, zeros to 56 mod 64, then the length in bits, little-endian: one block or two.
        Span<byte> last = stackalloc byte[BlockSize * 2];
        last.Clear();
        input.CopyTo(last);
        last[input.Length] = 0x80;
        var blocks = input.Length < BlockSize - 8 ? 1 : 2;
        BinaryPrimitives.WriteUInt64LittleEndian(last[((blocks * BlockSize) - 8)..], bitLength);
        Compress(ref a, ref b, ref c, ref d, last[..BlockSize]);
        if (blocks == 2)
        {
            Compress(ref a, ref b, ref c, ref d, last[BlockSize..]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, a);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], b);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], c);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], d);
    }

    private static void Compress(ref uint a0, ref uint b0, ref uint c0, ref uint d0, ReadOnlySpan<byte> block)
    {
        Span<uint> m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        }

        uint a = a0, b = b0, c = c0, d = d0;
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int g;
            switch (i >> 4)
            {
                case 0:
                    f = (b & c) | (~b & d);
                    g = i;
                    break;
                case 1:
                    f = (d & b) | (~d & c);
                    g = ((5 * i) + 1) & 15;
                    break;
                case 2:
                    f = b ^ c ^ d;
                    g = ((3 * i) + 5) & 15;
                    break;
                default:
                    f = c ^ (b | ~d);
                    g = (7 * i) & 15;
                    break;
            }

            f += a + Sines[i] + m[g];
            a = d;
            d = c;
            c = b;
            b += BitOperations.RotateLeft(f, Shifts[i]);
        }

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }
}
