using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// HMAC-SHA1 for SRTP's per-packet tag. On Linux it calls the SHA-1 of the OpenSSL that .NET itself uses
/// (<c>libcrypto</c>, which uses the processor's SHA instructions) directly: the key's inner and outer hash states are
/// computed once, and each packet costs four short native calls on a stack copy of them. .NET's
/// <see cref="IncrementalHash"/> copies an OpenSSL context, frees it and clears OpenSSL's error queue on every packet,
/// which cost more than the hashing itself. Elsewhere, or without a loadable libcrypto, it is that
/// <see cref="IncrementalHash"/>. One instance per key; not thread-safe (the SRTP stream's lock covers it).
/// </summary>
internal sealed unsafe class SrtpHmacSha1 : IDisposable
{
    public const int Length = 20;

    // sizeof(SHA_CTX): five 32-bit chaining values, two length words, a 64-octet block and a count (OpenSSL 1.1 and 3).
    private const int StateSize = 96;
    private const int BlockSize = 64;

    private static readonly Library? Native = Library.Load();

    private readonly byte[]? _inner;
    private readonly byte[]? _outer;
    private readonly IncrementalHash? _fallback;

    public SrtpHmacSha1(ReadOnlySpan<byte> key)
    {
        if (Native is not { } native)
        {
            _fallback = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
            return;
        }

        Span<byte> padded = stackalloc byte[BlockSize];
        padded.Clear();
        if (key.Length > BlockSize)
        {
#pragma warning disable CA5350 // HMAC-SHA1 is what RFC 3711 specifies for SRTP; a key longer than a block is hashed first (RFC 2104).
            SHA1.HashData(key, padded);
#pragma warning restore CA5350
        }
        else
        {
            key.CopyTo(padded);
        }

        _inner = GC.AllocateArray<byte>(StateSize, pinned: true);
        _outer = GC.AllocateArray<byte>(StateSize, pinned: true);
        Prepare(native, _inner, padded, 0x36);
        Prepare(native, _outer, padded, 0x5C);
        CryptographicOperations.ZeroMemory(padded);
    }

    /// <summary>Whether the native libcrypto path is used (else <see cref="IncrementalHash"/>).</summary>
    public bool IsNative => _fallback is null;

    /// <summary>Writes the 20-octet HMAC of <paramref name="data"/> into <paramref name="mac"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (_fallback is { } fallback)
        {
            fallback.AppendData(data);
            fallback.TryGetHashAndReset(mac, out _);
            return;
        }

        var native = Native!;
        byte* state = stackalloc byte[StateSize];
        byte* inner = stackalloc byte[Length];
        fixed (byte* source = _inner)
        fixed (byte* input = data)
        fixed (byte* output = mac)
        {
            Buffer.MemoryCopy(source, state, StateSize, StateSize);
            native.Update(state, input, (nuint)data.Length);
            native.Final(inner, state);
            fixed (byte* outer = _outer)
            {
                Buffer.MemoryCopy(outer, state, StateSize, StateSize);
            }

            native.Update(state, inner, Length);
            native.Final(output, state);
        }

        new Span<byte>(state, StateSize).Clear();
    }

    public void Dispose()
    {
        _fallback?.Dispose();
        if (_inner is not null)
        {
            CryptographicOperations.ZeroMemory(_inner);
            CryptographicOperations.ZeroMemory(_outer);
        }
    }

    private static void Prepare(Library native, byte[] state, ReadOnlySpan<byte> key, byte pad)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        for (var i = 0; i < BlockSize; i++)
        {
            block[i] = (byte)(key[i] ^ pad);
        }

        fixed (byte* context = state)
        fixed (byte* input = block)
        {
            native.Init(context);
            native.Update(context, input, BlockSize);
        }

        CryptographicOperations.ZeroMemory(block);
    }

    private sealed class Library
    {
        // Pure computations on caller memory that return in well under a microsecond: no GC transition needed.
        public delegate* unmanaged[SuppressGCTransition]<byte*, int> Init;
        public delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Update;
        public delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final;

        public static Library? Load()
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            foreach (var name in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1"])
            {
                if (NativeLibrary.TryLoad(name, out var handle) &&
                    NativeLibrary.TryGetExport(handle, "SHA1_Init", out var init) &&
                    NativeLibrary.TryGetExport(handle, "SHA1_Update", out var update) &&
                    NativeLibrary.TryGetExport(handle, "SHA1_Final", out var final))
                {
                    var library = new Library
                    {
                        Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init,
                        Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update,
                        Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final,
                    };
                    return library.Works() ? library : null;
                }
            }

            return null;
        }

        // The SHA_CTX size is assumed, not read from a header: prove it on the FIPS 180 "abc" vector first, with
        // guard octets after the assumed size that the library must leave alone.
        private bool Works()
        {
            const int Guard = 32;
            byte* state = stackalloc byte[StateSize + Guard];
            new Span<byte>(state + StateSize, Guard).Fill(0xA5);
            byte* digest = stackalloc byte[Length];
            byte* abc = stackalloc byte[] { (byte)'a', (byte)'b', (byte)'c' };
            Init(state);
            Update(state, abc, 3);
            Final(digest, state);
            return new ReadOnlySpan<byte>(digest, Length).SequenceEqual(Convert.FromHexString("A9993E364706816ABA3E25717850C26C9CD0D89D")) &&
                !new ReadOnlySpan<byte>(state + StateSize, Guard).ContainsAnyExcept((byte)0xA5);
        }
    }
}
