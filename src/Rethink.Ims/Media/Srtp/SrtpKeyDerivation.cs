using System.Security.Cryptography;

namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with the AES-CM PRF, key derivation rate 0:
/// <c>x = (label || 0^48) XOR master_salt</c>, output = AES-CM keystream under the master key starting at
/// <c>x · 2^16</c>. AES-256 master keys use AES-256 as the PRF (RFC 6188 §7, RFC 7714 §11). Pure: no state.
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>
    /// Derives <paramref name="destination"/>.Length octets for <paramref name="label"/>.
    /// <paramref name="masterKey"/> is 16 or 32 octets; <paramref name="masterSalt"/> at most 14 octets (a 12-octet
    /// GCM salt is taken as padded with zeros on the right, as libsrtp and the RFC 7714 profiles do).
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> destination)
    {
        if (masterKey.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("The master key must be 16, 24 or 32 octets.", nameof(masterKey));
        }

        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("The master salt must be at most 14 octets.", nameof(masterSalt));
        }

        if (destination.IsEmpty)
        {
            return;
        }

        var blocks = (destination.Length + 15) / 16;
        if (blocks > 256)
        {
            throw new ArgumentException("Too much key material requested.", nameof(destination));
        }

        Span<byte> counters = stackalloc byte[blocks * 16];
        Span<byte> iv = counters[..16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= (byte)label; // label sits just before the 48-bit (index DIV kdr), which is zero for kdr = 0
        for (var i = 1; i < blocks; i++)
        {
            var block = counters.Slice(i * 16, 16);
            iv.CopyTo(block);
            block[14] = (byte)(i >> 8);
            block[15] = (byte)i;
        }

        Span<byte> keystream = stackalloc byte[blocks * 16];
        var key = masterKey.ToArray();
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            aes.EncryptEcb(counters, keystream, PaddingMode.None);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        keystream[..destination.Length].CopyTo(destination);
        CryptographicOperations.ZeroMemory(keystream);
    }
}
