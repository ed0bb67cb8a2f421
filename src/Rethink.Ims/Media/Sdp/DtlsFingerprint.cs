using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash function&gt; &lt;XX:XX:...&gt;</c> (RFC 8122 §5): the hash of the DTLS certificate
/// the peer will present, for example <c>a=fingerprint:sha-256 D2:FA:...</c>. Written with upper-case hex.
/// </summary>
public sealed record DtlsFingerprint
{
    private readonly ImmutableArray<byte> value = [];

    /// <summary>Creates a fingerprint.</summary>
    /// <param name="hashFunction">The hash function's name from the IANA registry (<c>sha-256</c>, <c>sha-1</c>, ...).</param>
    /// <param name="value">The hash bytes.</param>
    public DtlsFingerprint(string hashFunction, ImmutableArray<byte> value)
    {
        HashFunction = hashFunction;
        Value = value;
    }

    /// <summary>The hash function as written (<c>sha-256</c>); compare case-insensitively.</summary>
    public string HashFunction { get; init; }

    /// <summary>The hash bytes.</summary>
    public ImmutableArray<byte> Value
    {
        get => value;
        init => this.value = value.IsDefault ? [] : value;
    }

    /// <summary>
    /// The fingerprint of a DER-encoded certificate with the named hash (<c>sha-1</c>, <c>sha-256</c>,
    /// <c>sha-384</c> or <c>sha-512</c>; RFC 8122 requires at least SHA-256 for new implementations).
    /// </summary>
    public static DtlsFingerprint Compute(string hashFunction, ReadOnlySpan<byte> certificateDer)
    {
        var hash = HashOf(hashFunction, certificateDer)
            ?? throw new ArgumentException("Unsupported hash function; use sha-1, sha-256, sha-384 or sha-512.", nameof(hashFunction));
        return new DtlsFingerprint(hashFunction.ToLowerInvariant(), ImmutableArray.Create(hash));
    }

    /// <summary>Whether a DER-encoded certificate has this fingerprint. False for an unknown hash function.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        var hash = HashOf(HashFunction, certificateDer);
        return hash is not null && CryptographicOperations.FixedTimeEquals(hash, value.AsSpan());
    }

    /// <summary>Parses the value after <c>a=fingerprint:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        var reader = new SdpWordReader(text);
        if (!reader.TryRead(out var hash) || !SdpSyntax.IsToken(hash) || !reader.TryRead(out var hex) || !reader.AtEnd ||
            (hex.Length + 1) % 3 != 0)
        {
            return false;
        }

        var bytes = new byte[(hex.Length + 1) / 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            var pair = hex.Slice(i * 3, 2);
            if ((i * 3) + 2 < hex.Length && hex[(i * 3) + 2] != ':')
            {
                return false;
            }

            var hi = HexValue(pair[0]);
            var lo = HexValue(pair[1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        fingerprint = new DtlsFingerprint(hash.ToString(), ImmutableArray.Create(bytes));
        return true;
    }

    /// <summary>The value after <c>a=fingerprint:</c>, hex in upper case.</summary>
    public string FormatValue()
    {
        if (value.IsEmpty)
        {
            return HashFunction + " ";
        }

        return HashFunction + " " + string.Join(':', value.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Fingerprint, FormatValue());

    /// <summary>The line as <c>a=fingerprint:...</c>.</summary>
    public override string ToString() => "a=fingerprint:" + FormatValue();

    /// <inheritdoc />
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && string.Equals(HashFunction, other.HashFunction, StringComparison.OrdinalIgnoreCase) &&
        value.AsSpan().SequenceEqual(other.value.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(HashFunction), value.Length);

    // SHA-1 is still a registered fingerprint hash (RFC 8122 §5) and older SIP/DTLS peers send it;
    // it only identifies a certificate the signalling already vouches for.
#pragma warning disable CA5350
    private static byte[]? HashOf(string hashFunction, ReadOnlySpan<byte> data) => hashFunction.ToUpperInvariant() switch
    {
        "SHA-1" => SHA1.HashData(data),
        "SHA-256" => SHA256.HashData(data),
        "SHA-384" => SHA384.HashData(data),
        "SHA-512" => SHA512.HashData(data),
        _ => null,
    };
#pragma warning restore CA5350

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
