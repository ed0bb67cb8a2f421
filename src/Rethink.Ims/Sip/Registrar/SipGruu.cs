using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// GRUUs (RFC 5627) of registered instances. A public GRUU is the address-of-record with <c>gr</c> set to the instance
/// URN. A temporary one carries the address-of-record, the instance and a digest of the registration's Call-ID sealed with
/// AES-GCM under the registrar's key (<see cref="SipRegistrarOptions.TemporaryGruuKey"/>), so it tells nothing about the
/// user and needs no storage: it stays valid while a binding of that instance is registered under the same Call-ID,
/// on any node that has the key. Thread-safe.
/// </summary>
public sealed class SipGruu
{
    /// <summary>The user part of a temporary GRUU starts with this.</summary>
    public const string TemporaryPrefix = "tgruu.";

    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int CallIdDigestSize = 8;

    // A Request-URI is bounded by the parser's line limit; this only keeps a hostile token from costing a large decode.
    private const int MaxTokenLength = 1024;

    private readonly byte[] _key;

    /// <summary>Creates the GRUU maker; <paramref name="key"/> is 16, 24 or 32 bytes, or null for a random key of this process.</summary>
    public SipGruu(byte[]? key)
    {
        if (key is not null && key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("A GRUU key is 16, 24 or 32 bytes.", nameof(key));
        }

        _key = key is null ? RandomNumberGenerator.GetBytes(32) : [.. key];
    }

    /// <summary>The public GRUU of <paramref name="instance"/> (a <c>+sip.instance</c> value, angle brackets kept or not) at <paramref name="aor"/>.</summary>
    public static string Public(string aor, string instance)
    {
        ArgumentNullException.ThrowIfNull(aor);
        ArgumentNullException.ThrowIfNull(instance);
        var builder = new StringBuilder(aor.Length + instance.Length + 4).Append(aor).Append(";gr=");
        foreach (var b in Encoding.UTF8.GetBytes(InstanceUrn(instance)))
        {
            // pvalue is paramchar: anything else is escaped (RFC 3261 §25.1).
            if (SipSyntax.IsParamChar(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>A new temporary GRUU for <paramref name="instance"/> at <paramref name="aor"/> (<c>sip:user@host</c>), registered under <paramref name="callId"/>.</summary>
    public string CreateTemporary(string aor, string instance, string callId)
    {
        ArgumentNullException.ThrowIfNull(aor);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(callId);
        var at = aor.LastIndexOf('@');
        var host = at < 0 ? aor["sip:".Length..] : aor[(at + 1)..];
        var text = Encoding.UTF8.GetBytes(aor + "\n" + instance);
        var plain = new byte[1 + CallIdDigestSize + text.Length];
        plain[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(plain.AsSpan(1), CallIdDigest(callId));
        text.CopyTo(plain, 1 + CallIdDigestSize);

        var sealedToken = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedToken.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aead = new AesGcm(_key, TagSize))
        {
            aead.Encrypt(nonce, plain, sealedToken.AsSpan(NonceSize, plain.Length), sealedToken.AsSpan(NonceSize + plain.Length));
        }

        return "sip:" + TemporaryPrefix + Base64Url.EncodeToString(sealedToken) + "@" + host + ";gr";
    }

    /// <summary>
    /// What a Request-URI of a local domain names: not a GRUU, a GRUU of an instance (with the Call-ID digest a temporary
    /// one was issued under), or a GRUU this registrar did not issue (<see cref="SipGruuTarget.IsUnknown"/>: 404).
    /// </summary>
    /// <param name="uri">The Request-URI.</param>
    /// <param name="addressOfRecord">The address-of-record the URI names when read as a plain one (its user and host), or null.</param>
    public SipGruuTarget Resolve(SipUri uri, string? addressOfRecord)
    {
        if (!uri.Parameters.TryGet("gr"u8, out var gr))
        {
            return default;
        }

        if (gr.HasValue)
        {
            var urn = gr.Value.Unescape().ToString();
            return addressOfRecord is not null && urn.Length > 0 ? new SipGruuTarget(addressOfRecord, "<" + urn + ">", null) : SipGruuTarget.Unknown;
        }

        return TryOpen(uri.User.Span, out var target) ? target : SipGruuTarget.Unknown;
    }

    /// <summary>The 64-bit digest of a Call-ID that a temporary GRUU is tied to.</summary>
    internal static ulong CallIdDigest(string callId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(callId), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    private static string InstanceUrn(string instance) =>
        instance.Length >= 2 && instance[0] == '<' && instance[^1] == '>' ? instance[1..^1] : instance;

    private bool TryOpen(ReadOnlySpan<byte> user, out SipGruuTarget target)
    {
        target = default;
        if (!user.StartsWith("tgruu."u8) || user.Length - TemporaryPrefix.Length > MaxTokenLength)
        {
            return false;
        }

        var token = user[TemporaryPrefix.Length..];
        var sealedToken = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromUtf8(token, sealedToken, out var consumed, out var length) != System.Buffers.OperationStatus.Done
            || consumed != token.Length || length < NonceSize + 1 + CallIdDigestSize + TagSize)
        {
            return false;
        }

        var plainLength = length - NonceSize - TagSize;
        var plain = new byte[plainLength];
        try
        {
            using var aead = new AesGcm(_key, TagSize);
            aead.Decrypt(sealedToken.AsSpan(0, NonceSize), sealedToken.AsSpan(NonceSize, plainLength), sealedToken.AsSpan(NonceSize + plainLength, TagSize), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        if (plain[0] != Version)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(plain.AsSpan(1 + CallIdDigestSize));
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0)
        {
            return false;
        }

        target = new SipGruuTarget(text[..newline], text[(newline + 1)..], BinaryPrimitives.ReadUInt64BigEndian(plain.AsSpan(1)));
        return true;
    }
}
