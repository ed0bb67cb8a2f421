using System.Security.Cryptography;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// Our ICE username fragment and password (RFC 8839 §5.4): <c>a=ice-ufrag</c> and <c>a=ice-pwd</c>, which
/// key the STUN short-term credentials of connectivity checks. The password is a secret: it is not in
/// <see cref="ToString"/>.
/// </summary>
public sealed record IceCredentials
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static readonly System.Buffers.SearchValues<char> IceCharValues = System.Buffers.SearchValues.Create(IceChars);

    /// <summary>Creates credentials; throws <see cref="ArgumentException"/> unless the ufrag is 4..256 and the password 22..256 ice-chars.</summary>
    public IceCredentials(string ufrag, string password)
    {
        Ufrag = Require(ufrag, 4, nameof(ufrag));
        Password = Require(password, 22, nameof(password));
    }

    /// <summary>The username fragment.</summary>
    public string Ufrag { get; }

    /// <summary>The password. A secret: never log it.</summary>
    public string Password { get; }

    /// <summary>
    /// Fresh random credentials: an 8-character ufrag and a 24-character password of letters and digits
    /// (about 48 and 143 bits; RFC 8839 asks for at least 24 and 128).
    /// </summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars.AsSpan(0, 62), 8), RandomNumberGenerator.GetString(IceChars.AsSpan(0, 62), 24));

    /// <summary>The ufrag only; the password is redacted.</summary>
    public override string ToString() => $"IceCredentials {{ Ufrag = {Ufrag}, Password = [redacted] }}";

    private static string Require(string value, int minLength, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Length < minLength || value.Length > 256 || value.AsSpan().ContainsAnyExcept(IceCharValues))
        {
            throw new ArgumentException($"Must be {minLength}..256 ICE characters (letters, digits, '+', '/').", paramName);
        }

        return value;
    }
}
