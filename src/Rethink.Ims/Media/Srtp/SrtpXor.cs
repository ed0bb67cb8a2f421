using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rethink.Ims.Media.Srtp;

/// <summary>Vectorised XOR of a keystream into data.</summary>
internal static class SrtpXor
{
    public static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var n = data.Length;
        if (keystream.Length < n)
        {
            throw new ArgumentException("Keystream shorter than data.", nameof(keystream));
        }

        ref var d = ref MemoryMarshal.GetReference(data);
        ref var k = ref MemoryMarshal.GetReference(keystream);
        nuint i = 0;
        var length = (nuint)n;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= length; i += 32)
            {
                (Vector256.LoadUnsafe(ref d, i) ^ Vector256.LoadUnsafe(ref k, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i + 16 <= length; i += 16)
        {
            (Vector128.LoadUnsafe(ref d, i) ^ Vector128.LoadUnsafe(ref k, i)).StoreUnsafe(ref d, i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref k, i);
        }
    }
}
