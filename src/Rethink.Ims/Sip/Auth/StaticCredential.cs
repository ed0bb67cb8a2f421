namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// A static user's secret: a plain password (works with every algorithm) or a precomputed HA1 =
/// <c>H(username:realm:password)</c> for one algorithm family, as a subscriber table's <c>ha1</c> / <c>ha1b</c> columns hold.
/// </summary>
/// <remarks><see cref="ToString"/> never shows the secret.</remarks>
public sealed class StaticCredential
{
    private StaticCredential(string? password, string? ha1, SipDigestAlgorithm ha1Algorithm)
    {
        Password = password;
        Ha1 = ha1;
        Ha1Algorithm = ha1Algorithm;
    }

    /// <summary>The plain password, or null when only an HA1 is stored.</summary>
    public string? Password { get; }

    /// <summary>The HA1 in lower-case hex, or null when a password is stored.</summary>
    public string? Ha1 { get; }

    /// <summary>The algorithm family of <see cref="Ha1"/>: <see cref="SipDigestAlgorithm.Md5"/> or <see cref="SipDigestAlgorithm.Sha256"/>
    /// (it also serves the <c>-sess</c> variant).</summary>
    public SipDigestAlgorithm Ha1Algorithm { get; }

    /// <summary>A credential holding a plain password.</summary>
    /// <exception cref="ArgumentException"><paramref name="password"/> is empty.</exception>
    public static StaticCredential FromPassword(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new StaticCredential(password, null, SipDigestAlgorithm.Md5);
    }

    /// <summary>A credential holding an HA1 in hex (32 digits for MD5, 64 for SHA-256).</summary>
    /// <exception cref="ArgumentException"><paramref name="ha1"/> is not hex of the algorithm's length.</exception>
    public static StaticCredential FromHa1(SipDigestAlgorithm algorithm, string ha1)
    {
        ArgumentNullException.ThrowIfNull(ha1);
        var family = SipDigest.Family(algorithm);
        if (ha1.Length != SipDigest.HexLength(family) || !ha1.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"An HA1 for {family} is {SipDigest.HexLength(family)} hex digits.", nameof(ha1));
        }

        return new StaticCredential(null, ha1.ToLowerInvariant(), family);
    }

    /// <summary>Describes the kind of credential without its secret.</summary>
    public override string ToString() => Password is null ? $"StaticCredential(HA1 {Ha1Algorithm})" : "StaticCredential(password)";
}
