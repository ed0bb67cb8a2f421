using System.Security.Cryptography;
using System.Text;

namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>The client side of SIP digest authentication (RFC 2617 with RFC 3261's rules): HA1, HA2 and the response.</summary>
public static class SipDigest
{
    /// <summary>HA1 = H(username:realm:password).</summary>
    public static string Ha1(string algorithm, string username, string realm, string password) =>
        Hash(algorithm, $"{username}:{realm}:{password}");

    /// <summary>
    /// The <c>response</c> value. With <paramref name="qop"/> null (no qop offered) it is H(HA1:nonce:HA2);
    /// with <c>auth</c> it is H(HA1:nonce:nc:cnonce:qop:HA2). HA2 = H(method:uri).
    /// </summary>
    public static string Response(
        string algorithm, string username, string realm, string password, string method, string uri, string nonce,
        string? qop = null, string? nonceCount = null, string? cnonce = null)
    {
        var ha1 = Ha1(algorithm, username, realm, password);
        var ha2 = Hash(algorithm, $"{method}:{uri}");
        return qop is null
            ? Hash(algorithm, $"{ha1}:{nonce}:{ha2}")
            : Hash(algorithm, $"{ha1}:{nonce}:{nonceCount}:{cnonce}:{qop}:{ha2}");
    }

    private static string Hash(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return algorithm.ToUpperInvariant() switch
        {
            // MD5 is what SIP digest uses; this is protocol arithmetic, not protection of anything.
#pragma warning disable CA5351
            "MD5" => Convert.ToHexStringLower(MD5.HashData(bytes)),
#pragma warning restore CA5351
            "SHA-256" => Convert.ToHexStringLower(SHA256.HashData(bytes)),
            _ => throw new NotSupportedException($"Digest algorithm {algorithm} is not supported by the test client."),
        };
    }
}
