using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

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
        // Unrolled (RFC 1321 §3.4): each step a = b + ((a + fn(b, c, d) + M[g] + T[i]) <<< s), the roles of a-d rotating by one
        // a step. About three times faster than the loop with a switch and table look-ups per step.
        block = block[..BlockSize];
        uint m0 = Word(block, 0), m1 = Word(block, 1), m2 = Word(block, 2), m3 = Word(block, 3);
        uint m4 = Word(block, 4), m5 = Word(block, 5), m6 = Word(block, 6), m7 = Word(block, 7);
        uint m8 = Word(block, 8), m9 = Word(block, 9), m10 = Word(block, 10), m11 = Word(block, 11);
        uint m12 = Word(block, 12), m13 = Word(block, 13), m14 = Word(block, 14), m15 = Word(block, 15);
        uint a = a0, b = b0, c = c0, d = d0;

        // Round 1.
        a = F(a, b, c, d, m0, 0xd76aa478, 7);
        d = F(d, a, b, c, m1, 0xe8c7b756, 12);
        c = F(c, d, a, b, m2, 0x242070db, 17);
        b = F(b, c, d, a, m3, 0xc1bdceee, 22);
        a = F(a, b, c, d, m4, 0xf57c0faf, 7);
        d = F(d, a, b, c, m5, 0x4787c62a, 12);
        c = F(c, d, a, b, m6, 0xa8304613, 17);
        b = F(b, c, d, a, m7, 0xfd469501, 22);
        a = F(a, b, c, d, m8, 0x698098d8, 7);
        d = F(d, a, b, c, m9, 0x8b44f7af, 12);
        c = F(c, d, a, b, m10, 0xffff5bb1, 17);
        b = F(b, c, d, a, m11, 0x895cd7be, 22);
        a = F(a, b, c, d, m12, 0x6b901122, 7);
        d = F(d, a, b, c, m13, 0xfd987193, 12);
        c = F(c, d, a, b, m14, 0xa679438e, 17);
        b = F(b, c, d, a, m15, 0x49b40821, 22);

        // Round 2.
        a = G(a, b, c, d, m1, 0xf61e2562, 5);
        d = G(d, a, b, c, m6, 0xc040b340, 9);
        c = G(c, d, a, b, m11, 0x265e5a51, 14);
        b = G(b, c, d, a, m0, 0xe9b6c7aa, 20);
        a = G(a, b, c, d, m5, 0xd62f105d, 5);
        d = G(d, a, b, c, m10, 0x02441453, 9);
        c = G(c, d, a, b, m15, 0xd8a1e681, 14);
        b = G(b, c, d, a, m4, 0xe7d3fbc8, 20);
        a = G(a, b, c, d, m9, 0x21e1cde6, 5);
        d = G(d, a, b, c, m14, 0xc33707d6, 9);
        c = G(c, d, a, b, m3, 0xf4d50d87, 14);
        b = G(b, c, d, a, m8, 0x455a14ed, 20);
        a = G(a, b, c, d, m13, 0xa9e3e905, 5);
        d = G(d, a, b, c, m2, 0xfcefa3f8, 9);
        c = G(c, d, a, b, m7, 0x676f02d9, 14);
        b = G(b, c, d, a, m12, 0x8d2a4c8a, 20);

        // Round 3.
        a = H(a, b, c, d, m5, 0xfffa3942, 4);
        d = H(d, a, b, c, m8, 0x8771f681, 11);
        c = H(c, d, a, b, m11, 0x6d9d6122, 16);
        b = H(b, c, d, a, m14, 0xfde5380c, 23);
        a = H(a, b, c, d, m1, 0xa4beea44, 4);
        d = H(d, a, b, c, m4, 0x4bdecfa9, 11);
        c = H(c, d, a, b, m7, 0xf6bb4b60, 16);
        b = H(b, c, d, a, m10, 0xbebfbc70, 23);
        a = H(a, b, c, d, m13, 0x289b7ec6, 4);
        d = H(d, a, b, c, m0, 0xeaa127fa, 11);
        c = H(c, d, a, b, m3, 0xd4ef3085, 16);
        b = H(b, c, d, a, m6, 0x04881d05, 23);
        a = H(a, b, c, d, m9, 0xd9d4d039, 4);
        d = H(d, a, b, c, m12, 0xe6db99e5, 11);
        c = H(c, d, a, b, m15, 0x1fa27cf8, 16);
        b = H(b, c, d, a, m2, 0xc4ac5665, 23);

        // Round 4.
        a = I(a, b, c, d, m0, 0xf4292244, 6);
        d = I(d, a, b, c, m7, 0x432aff97, 10);
        c = I(c, d, a, b, m14, 0xab9423a7, 15);
        b = I(b, c, d, a, m5, 0xfc93a039, 21);
        a = I(a, b, c, d, m12, 0x655b59c3, 6);
        d = I(d, a, b, c, m3, 0x8f0ccc92, 10);
        c = I(c, d, a, b, m10, 0xffeff47d, 15);
        b = I(b, c, d, a, m1, 0x85845dd1, 21);
        a = I(a, b, c, d, m8, 0x6fa87e4f, 6);
        d = I(d, a, b, c, m15, 0xfe2ce6e0, 10);
        c = I(c, d, a, b, m6, 0xa3014314, 15);
        b = I(b, c, d, a, m13, 0x4e0811a1, 21);
        a = I(a, b, c, d, m4, 0xf7537e82, 6);
        d = I(d, a, b, c, m11, 0xbd3af235, 10);
        c = I(c, d, a, b, m2, 0x2ad7d2bb, 15);
        b = I(b, c, d, a, m9, 0xeb86d391, 21);

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }

    private static uint Word(ReadOnlySpan<byte> block, int index) => BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(index * 4, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint a, uint b, uint c, uint d, uint m, uint t, int s) => b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + m + t, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint a, uint b, uint c, uint d, uint m, uint t, int s) => b + BitOperations.RotateLeft(a + ((d & b) | (~d & c)) + m + t, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint H(uint a, uint b, uint c, uint d, uint m, uint t, int s) => b + BitOperations.RotateLeft(a + (b ^ c ^ d) + m + t, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint a, uint b, uint c, uint d, uint m, uint t, int s) => b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + m + t, s);
}
