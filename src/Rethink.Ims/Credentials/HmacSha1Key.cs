using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Rethink.Ims.Credentials;

/// <summary>
/// HMAC-SHA1 (RFC 2104, SHA-1 per FIPS 180-4) under one fixed key, with the key's inner and outer pad blocks
/// hashed once up front. A MAC of a short username then costs two SHA-1 compressions and no call into the
/// platform's crypto library, which is what brings a check under a microsecond (the platform's one-shot HMAC
/// re-derives the pads and sets up a native context on every call). Immutable and thread-safe; allocates nothing
/// per MAC.
/// </summary>
/// <remarks>Checked against the platform's <see cref="HMACSHA1"/> in the tests for keys and messages of every length class.</remarks>
internal sealed class HmacSha1Key
{
    /// <summary>Size of a SHA-1 MAC in bytes.</summary>
    public const int MacSize = 20;

    private const int BlockSize = 64;

    private readonly State inner;
    private readonly State outer;

    [SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is what Kamailio auth_ephemeral defaults to and the only HMAC coturn knows; RFC 2104 hashes keys longer than a block.")]
    public HmacSha1Key(ReadOnlySpan<byte> key)
    {
        Span<byte> padded = stackalloc byte[BlockSize];
        padded.Clear();
        if (key.Length > BlockSize)
        {
            SHA1.HashData(key, padded);
        }
        else
        {
            key.CopyTo(padded);
        }

        Span<byte> pad = stackalloc byte[BlockSize];
        for (int i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(padded[i] ^ 0x36);
        }

        inner = State.Initial;
        Compress(ref inner, pad);

        for (int i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(padded[i] ^ 0x5c);
        }

        outer = State.Initial;
        Compress(ref outer, pad);

        CryptographicOperations.ZeroMemory(padded);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>Writes HMAC-SHA1(key, <paramref name="message"/>) into the first 20 bytes of <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MacSize, nameof(destination));
        ulong length = BlockSize + (ulong)message.Length;
        State state = inner;
        while (message.Length >= BlockSize)
        {
            Compress(ref state, message[..BlockSize]);
            message = message[BlockSize..];
        }

        Span<byte> block = stackalloc byte[BlockSize];
        Finish(ref state, message, length, block);

        Span<byte> innerDigest = stackalloc byte[MacSize];
        state.WriteTo(innerDigest);
        state = outer;
        Finish(ref state, innerDigest, BlockSize + MacSize, block);
        state.WriteTo(destination);
    }

    /// <summary>Pads the last partial block (Merkle–Damgård: 0x80, zeros, the bit length) and hashes it.</summary>
    private static void Finish(ref State state, ReadOnlySpan<byte> tail, ulong totalBytes, Span<byte> block)
    {
        block.Clear();
        tail.CopyTo(block);
        block[tail.Length] = 0x80;
        if (tail.Length >= BlockSize - 8)
        {
            Compress(ref state, block);
            block.Clear();
        }

        BinaryPrimitives.WriteUInt64BigEndian(block[(BlockSize - 8)..], totalBytes * 8);
        Compress(ref state, block);
    }

    private static void Compress(ref State state, ReadOnlySpan<byte> block)
    {
        Schedule schedule = default;
        Span<uint> w = schedule;
        for (int i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        }

        uint a = state.A, b = state.B, c = state.C, d = state.D, e = state.E;
        int t = 0;
        for (; t < 16; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (~b & d)) + 0x5A827999 + w[t]);
        }

        for (; t < 20; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (~b & d)) + 0x5A827999 + Expand(w, t));
        }

        for (; t < 40; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, (b ^ c ^ d) + 0x6ED9EBA1 + Expand(w, t));
        }

        for (; t < 60; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + Expand(w, t));
        }

        for (; t < 80; t++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, (b ^ c ^ d) + 0xCA62C1D6 + Expand(w, t));
        }

        state.A += a;
        state.B += b;
        state.C += c;
        state.D += d;
        state.E += e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref uint a, ref uint b, ref uint c, ref uint d, ref uint e, uint functionConstantWord)
    {
        uint temp = BitOperations.RotateLeft(a, 5) + functionConstantWord + e;
        e = d;
        d = c;
        c = BitOperations.RotateLeft(b, 30);
        b = a;
        a = temp;
    }

    /// <summary>The message schedule word for round <paramref name="t"/>, kept in a 16-word ring.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Expand(Span<uint> w, int t)
    {
        uint word = BitOperations.RotateLeft(w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^ w[t & 15], 1);
        w[t & 15] = word;
        return word;
    }

    private struct State
    {
        public uint A;
        public uint B;
        public uint C;
        public uint D;
        public uint E;

        public static State Initial => new() { A = 0x67452301, B = 0xEFCDAB89, C = 0x98BADCFE, D = 0x10325476, E = 0xC3D2E1F0 };

        public readonly void WriteTo(Span<byte> destination)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, A);
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], B);
            BinaryPrimitives.WriteUInt32BigEndian(destination[8..], C);
            BinaryPrimitives.WriteUInt32BigEndian(destination[12..], D);
            BinaryPrimitives.WriteUInt32BigEndian(destination[16..], E);
        }
    }

    [InlineArray(16)]
    private struct Schedule
    {
        private uint element;
    }
}
