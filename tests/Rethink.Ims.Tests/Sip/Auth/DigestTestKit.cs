using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Credentials;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Auth;

/// <summary>An authenticator over a fake clock, and requests built as bytes the way JsSIP sends them.</summary>
internal sealed partial class DigestTestKit
{
    public const string Secret = "shared_secret_key";
    public const string Username = "1700000000:alice";
    public const string Password = "hLPmXJVocY8D4epKpYSIuItdyzM="; // FACTS.md §1, SHA1
    public const string Realm = "example.com";

    public DigestTestKit(Action<SipDigestOptions>? configure = null, InMemoryStaticCredentialStore? store = null, SipAuthMetrics? metrics = null, bool ephemeral = true)
    {
        Options = new SipDigestOptions { Realm = Realm };
        configure?.Invoke(Options);
        Store = store;
        Verifier = ephemeral ? new EphemeralCredentialVerifier(new SecretRing([Secret]), new EphemeralCredentialOptions(), Time) : null;
        Authenticator = new SipDigestAuthenticator(Options, Time, Verifier, store, metrics);
    }

    /// <summary>1,000 s before the test credential's expiry.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_699_999_000));

    public SipDigestOptions Options { get; }

    public InMemoryStaticCredentialStore? Store { get; }

    public EphemeralCredentialVerifier? Verifier { get; }

    public SipDigestAuthenticator Authenticator { get; }

    /// <summary>A fresh nonce from a challenge.</summary>
    public string NewNonce(bool proxy = false, string realm = Realm) => NonceOf(Authenticator.Challenge(proxy, realm).Challenges[0]);

    public static string NonceOf(string challenge) => NonceRegex().Match(challenge).Groups[1].Value;

    public static SipRequest Parse(string text)
    {
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text));
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Request!;
    }

    /// <summary>A request like JsSIP's, with the given credential header lines (each a full <c>Name: value</c>).</summary>
    public static SipRequest Request(string method = "REGISTER", string uri = "sip:example.com", string from = "sip:1700000000:alice@example.com", string to = "sip:1700000000:alice@example.com", params string[] authLines)
    {
        var builder = new StringBuilder();
        builder.Append(method).Append(' ').Append(uri).Append(" SIP/2.0\r\n")
            .Append("Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK1234567\r\n")
            .Append("Max-Forwards: 69\r\n")
            .Append("To: <").Append(to).Append(">\r\n")
            .Append("From: <").Append(from).Append(">;tag=8a7b6c\r\n")
            .Append("Call-ID: 3k5j6h7g8f9d\r\n")
            .Append("CSeq: 1 ").Append(method).Append("\r\n");
        foreach (var line in authLines)
        {
            builder.Append(line).Append("\r\n");
        }

        builder.Append("Contact: <sip:x1y2@yyyy.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance=\"<urn:uuid:1>\";expires=600\r\n")
            .Append("Expires: 600\r\n")
            .Append("Content-Length: 0\r\n\r\n");
        return Parse(builder.ToString());
    }

    /// <summary>An <c>Authorization: Digest ...</c> line as JsSIP writes it, with the response from <see cref="Reference"/>.</summary>
    public static string Authorization(
        string nonce,
        string username = Username,
        string password = Password,
        string realm = Realm,
        string method = "REGISTER",
        string uri = "sip:example.com",
        string nc = "00000001",
        string cnonce = "0a4f113b",
        string algorithm = "MD5",
        string? qop = "auth",
        string header = "Authorization",
        string? response = null)
    {
        response ??= Reference.Response(algorithm, username, realm, password, nonce, nc, cnonce, qop, method, uri);
        var text = $"{header}: Digest algorithm={algorithm}, username=\"{username}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\"";
        return qop is null ? text : text + $", qop={qop}, cnonce=\"{cnonce}\", nc={nc}";
    }

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex NonceRegex();

    /// <summary>An independent digest implementation (RFC 2617 §3.2.2 formulas over strings) to check the library against.</summary>
    public static class Reference
    {
        public static string H(string algorithm, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase)
                ? Convert.ToHexStringLower(SHA256.HashData(bytes))
                : Convert.ToHexStringLower(MD5.HashData(bytes));
        }

        public static string Ha1(string algorithm, string username, string realm, string password) => H(algorithm, $"{username}:{realm}:{password}");

        public static string Response(string algorithm, string username, string realm, string password, string nonce, string nc, string cnonce, string? qop, string method, string uri)
        {
            var ha1 = Ha1(algorithm, username, realm, password);
            if (algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase))
            {
                ha1 = H(algorithm, $"{ha1}:{nonce}:{cnonce}");
            }

            var ha2 = H(algorithm, $"{method}:{uri}");
            return qop is null ? H(algorithm, $"{ha1}:{nonce}:{ha2}") : H(algorithm, $"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
        }
    }
}
