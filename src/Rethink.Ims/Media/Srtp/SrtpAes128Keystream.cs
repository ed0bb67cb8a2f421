using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using X86Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// AES-128 in counter mode with the processor's AES instructions (AES-NI), for SRTP's AES-CM: the round keys are
/// expanded once per session key and each packet's counter blocks are encrypted four at a time in registers and XORed
/// into the data. An SRTP packet needs about eleven blocks; through <c>ICryptoTransform</c> each packet paid for
/// several native calls into OpenSSL (and its error-queue housekeeping) instead. Constant-time: no table lookups.
/// Used where <see cref="IsSupported"/>; the cipher falls back to .NET's AES elsewhere.
/// </summary>
internal sealed class SrtpAes128Keystream : IDisposable
{
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[11];

    public SrtpAes128Keystream(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("AES-128 needs a 16-octet key.", nameof(key));
        }

        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES instructions are not available.");
        }

        var k = Vector128.Create(key);
        _roundKeys[0] = k;
        // The round constant is an immediate operand: one call per constant.
        _roundKeys[1] = k = Next(k, X86Aes.KeygenAssist(k, 0x01));
        _roundKeys[2] = k = Next(k, X86Aes.KeygenAssist(k, 0x02));
        _roundKeys[3] = k = Next(k, X86Aes.KeygenAssist(k, 0x04));
        _roundKeys[4] = k = Next(k, X86Aes.KeygenAssist(k, 0x08));
        _roundKeys[5] = k = Next(k, X86Aes.KeygenAssist(k, 0x10));
        _roundKeys[6] = k = Next(k, X86Aes.KeygenAssist(k, 0x20));
        _roundKeys[7] = k = Next(k, X86Aes.KeygenAssist(k, 0x40));
        _roundKeys[8] = k = Next(k, X86Aes.KeygenAssist(k, 0x80));
        _roundKeys[9] = k = Next(k, X86Aes.KeygenAssist(k, 0x1B));
        _roundKeys[10] = Next(k, X86Aes.KeygenAssist(k, 0x36));
    }

    /// <summary>Whether this processor has the AES instructions used here.</summary>
    public static bool IsSupported => X86Aes.IsSupported && X86Sse2.IsSupported;

    /// <summary>
    /// XORs the keystream that starts at counter block <paramref name="iv"/> (its last two octets count the blocks,
    /// starting at zero as SRTP's do) into <paramref name="data"/>.
    /// </summary>
    public void Apply(Span<byte> data, Vector128<byte> iv)
    {
        var keys = _roundKeys;
        ref var d = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        nuint offset = 0;
        var block = 0;
        for (; offset + 64 <= length; offset += 64, block += 4)
        {
            var (s0, s1, s2, s3) = (Counter(iv, block), Counter(iv, block + 1), Counter(iv, block + 2), Counter(iv, block + 3));
            Encrypt4(keys, ref s0, ref s1, ref s2, ref s3);
            (Vector128.LoadUnsafe(ref d, offset) ^ s0).StoreUnsafe(ref d, offset);
            (Vector128.LoadUnsafe(ref d, offset + 16) ^ s1).StoreUnsafe(ref d, offset + 16);
            (Vector128.LoadUnsafe(ref d, offset + 32) ^ s2).StoreUnsafe(ref d, offset + 32);
            (Vector128.LoadUnsafe(ref d, offset + 48) ^ s3).StoreUnsafe(ref d, offset + 48);
        }

        for (; offset + 16 <= length; offset += 16, block++)
        {
            (Vector128.LoadUnsafe(ref d, offset) ^ Encrypt(keys, Counter(iv, block))).StoreUnsafe(ref d, offset);
        }

        if (offset < length)
        {
            Span<byte> last = stackalloc byte[16];
            Encrypt(keys, Counter(iv, block)).CopyTo(last);
            for (var i = 0; offset + (nuint)i < length; i++)
            {
                Unsafe.Add(ref d, offset + (nuint)i) ^= last[i];
            }
        }
    }

    public void Dispose() => Array.Clear(_roundKeys);

    private static Vector128<byte> Next(Vector128<byte> key, Vector128<byte> assist)
    {
        assist = X86Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        key ^= X86Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= X86Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= X86Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ assist;
    }

    // Block counter in the IV's last two octets, big-endian (SRTP packets never need more than 2^16 blocks).
    private static Vector128<byte> Counter(Vector128<byte> iv, int block) =>
        iv.WithElement(14, (byte)(block >> 8)).WithElement(15, (byte)block);

    private static Vector128<byte> Encrypt(Vector128<byte>[] keys, Vector128<byte> state)
    {
        state ^= keys[0];
        for (var round = 1; round < 10; round++)
        {
            state = X86Aes.Encrypt(state, keys[round]);
        }

        return X86Aes.EncryptLast(state, keys[10]);
    }

    private static void Encrypt4(Vector128<byte>[] keys, ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3)
    {
        var key = keys[0];
        s0 ^= key;
        s1 ^= key;
        s2 ^= key;
        s3 ^= key;
        for (var round = 1; round < 10; round++)
        {
            key = keys[round];
            s0 = X86Aes.Encrypt(s0, key);
            s1 = X86Aes.Encrypt(s1, key);
            s2 = X86Aes.Encrypt(s2, key);
            s3 = X86Aes.Encrypt(s3, key);
        }

        key = keys[10];
        s0 = X86Aes.EncryptLast(s0, key);
        s1 = X86Aes.EncryptLast(s1, key);
        s2 = X86Aes.EncryptLast(s2, key);
        s3 = X86Aes.EncryptLast(s3, key);
    }
}
