using System.Security.Cryptography;

namespace Rethink.Ims.Sip.Messages;

/// <summary>Random tags, branches and Call-IDs with enough entropy to be globally unique (RFC 3261 §19.3, §8.1.1.7).</summary>
public static class SipIdentifiers
{
    /// <summary>The RFC 3261 branch prefix.</summary>
    public const string MagicCookie = "z9hG4bK";

    internal const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    // 7 × 36: random bytes at or above it are skipped, so that every character stays equally likely.
    private const int Unbiased = 252;

    // Random bytes drawn from the system generator a block at a time: one call per 512 bytes instead of several per
    // identifier (RandomNumberGenerator.GetString asks OpenSSL for every few characters, a few µs per tag).
    [ThreadStatic]
    private static RandomBlock? t_random;

    /// <summary>A From/To tag: 16 random base-36 characters (about 82 bits).</summary>
    public static string NewTag() => Create(string.Empty, 16);

    /// <summary>A Via branch: the magic cookie and 22 random base-36 characters.</summary>
    public static string NewBranch() => Create(MagicCookie, 22);

    /// <summary>A Call-ID: 24 random base-36 characters.</summary>
    public static string NewCallId() => Create(string.Empty, 24);

    private static string Create(string prefix, int randomLength) =>
        string.Create(prefix.Length + randomLength, prefix, static (chars, prefix) =>
        {
            prefix.CopyTo(chars);
            FillRandom(chars[prefix.Length..]);
        });

    /// <summary>Fills <paramref name="chars"/> with random base-36 characters (for identifiers made elsewhere, e.g. a proxy's
    /// branch with its loop hash).</summary>
    internal static void FillRandom(Span<char> chars)
    {
        var random = t_random ??= new RandomBlock();
        var i = 0;
        while (i < chars.Length)
        {
            var b = random.Next();
            if (b < Unbiased)
            {
                chars[i++] = Alphabet[b % Alphabet.Length];
            }
        }
    }

    private sealed class RandomBlock
    {
        private readonly byte[] _bytes = new byte[512];
        private int _next = 512;

        public byte Next()
        {
            if (_next == _bytes.Length)
            {
                RandomNumberGenerator.Fill(_bytes);
                _next = 0;
            }

            return _bytes[_next++];
        }
    }
}
