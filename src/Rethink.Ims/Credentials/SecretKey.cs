namespace Rethink.Ims.Credentials;

/// <summary>One secret of a <see cref="SecretRing"/>: its UTF-8 bytes and the HMAC-SHA1 state derived from them.</summary>
/// <remarks>Immutable once built, so ring snapshots can be shared by any number of threads.</remarks>
internal sealed class SecretKey
{
    public SecretKey(byte[] bytes)
    {
        Bytes = bytes;
        Sha1 = new HmacSha1Key(bytes);
    }

    /// <summary>The secret as bytes: the HMAC key for SHA-2, and what removal by value compares.</summary>
    public byte[] Bytes { get; }

    /// <summary>HMAC-SHA1 with the pads already hashed (the default algorithm and TURN's only one).</summary>
    public HmacSha1Key Sha1 { get; }

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => nameof(SecretKey);
}
