using System.Text;

namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>The parameters of a <c>WWW-Authenticate: Digest ...</c> challenge (RFC 2617 / RFC 3261 §22.4).</summary>
/// <param name="Realm">The challenged realm.</param>
/// <param name="Nonce">The server nonce.</param>
/// <param name="Qop">The offered qop options (e.g. <c>auth</c> or <c>auth,auth-int</c>), or null when none was offered.</param>
/// <param name="Algorithm">The digest algorithm; RFC 2617 says MD5 when absent.</param>
/// <param name="Opaque">The opaque value to return, if any.</param>
/// <param name="Stale">Whether the server said <c>stale=true</c>.</param>
public sealed record DigestChallenge(string Realm, string Nonce, string? Qop, string Algorithm, string? Opaque, bool Stale)
{
    /// <summary>Whether the challenge offers <c>qop=auth</c>.</summary>
    public bool OffersQopAuth =>
        Qop is not null && Qop.Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses the header value (<c>Digest realm="...", nonce="..."</c>).</summary>
    public static DigestChallenge Parse(string headerValue)
    {
        const string scheme = "Digest";
        if (!headerValue.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Not a Digest challenge: {headerValue}");
        }

        var parameters = ParseParameters(headerValue[scheme.Length..]);
        string Required(string name) =>
            parameters.TryGetValue(name, out var value) ? value : throw new FormatException($"Challenge lacks {name}: {headerValue}");

        return new DigestChallenge(
            Required("realm"),
            Required("nonce"),
            parameters.GetValueOrDefault("qop"),
            parameters.GetValueOrDefault("algorithm") ?? "MD5",
            parameters.GetValueOrDefault("opaque"),
            string.Equals(parameters.GetValueOrDefault("stale"), "true", StringComparison.OrdinalIgnoreCase));
    }

    // name=token or name="quoted \"string\"", separated by commas.
    private static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                if (name.Length > 0)
                {
                    result[name] = "";
                }

                continue;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[valueStart..i].Trim();
            }

            result[name] = value;
        }

        return result;
    }
}
