using System.Buffers.Text;
using System.Text.Json;

namespace Rethink.Ims.Identity;

/// <summary>
/// Reads a compact JWS (<c>header.payload.signature</c>) without verifying it, strictly enough that the signature
/// library never meets input it would choke on: every failure here is <see cref="IdentityFailureReason.Malformed"/>.
/// </summary>
internal static class JwtReader
{
    /// <summary>The largest Unix time accepted in a time claim (3000-01-01T00:00:00Z), so date arithmetic cannot overflow.</summary>
    public const long MaxUnixSeconds = 32_503_680_000;

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    /// <summary>Reads <paramref name="token"/>; on failure returns <see langword="null"/> and says why in <paramref name="error"/>.</summary>
    public static IdTokenClaims? TryRead(string token, out string? error)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first < 0 || second < 0 || token.IndexOf('.', second + 1) >= 0)
        {
            error = "a JWT has exactly three dot-separated parts";
            return null;
        }

        var header = token.AsSpan(0, first);
        var payload = token.AsSpan(first + 1, second - first - 1);
        var signature = token.AsSpan(second + 1);
        if (header.IsEmpty || payload.IsEmpty)
        {
            error = "empty header or payload";
            return null;
        }

        if (!IsBase64Url(header) || !IsBase64Url(payload) || !IsBase64Url(signature))
        {
            error = "a part is not base64url";
            return null;
        }

        try
        {
            using var headerJson = JsonDocument.Parse(Base64Url.DecodeFromChars(header), JsonOptions);
            using var payloadJson = JsonDocument.Parse(Base64Url.DecodeFromChars(payload), JsonOptions);
            return Read(headerJson.RootElement, payloadJson.RootElement, out error);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            error = "header or payload is not JSON";
            return null;
        }
    }

    private static IdTokenClaims? Read(JsonElement header, JsonElement payload, out string? error)
    {
        error = null;
        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
        {
            error = "header and payload must be JSON objects";
            return null;
        }

        if (header.TryGetProperty("crit", out _))
        {
            // RFC 7515 4.1.11: a JWS naming extensions we do not implement must be rejected.
            error = "critical header extensions are not supported";
            return null;
        }

        if (!TryString(header, "alg", out var algorithm) || algorithm is null)
        {
            error = "no alg";
            return null;
        }

        if (!TryString(header, "kid", out var keyId)
            || !TryString(payload, "iss", out var issuer)
            || !TryString(payload, "sub", out var subject)
            || !TryString(payload, "email", out var email)
            || !TryString(payload, "hd", out var hostedDomain))
        {
            error = "a string claim has another type";
            return null;
        }

        if (!TryAudiences(payload, out var audiences))
        {
            error = "aud must be a string or an array of strings";
            return null;
        }

        if (!TryTime(payload, "exp", out var expiresAt) || expiresAt is null
            || !TryTime(payload, "iat", out var issuedAt) || issuedAt is null
            || !TryTime(payload, "nbf", out var notBefore))
        {
            error = "exp and iat must be present, and exp, iat and nbf must be whole Unix seconds";
            return null;
        }

        return new IdTokenClaims
        {
            Algorithm = algorithm,
            KeyId = keyId,
            Issuer = issuer,
            Subject = subject,
            Audiences = audiences,
            ExpiresAt = expiresAt.Value,
            IssuedAt = issuedAt.Value,
            NotBefore = notBefore,
            Email = email,
            EmailVerified = IsTrue(payload),
            HostedDomain = hostedDomain,
        };
    }

    private static bool IsBase64Url(ReadOnlySpan<char> part)
    {
        if (part.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An absent property is fine (null); a present one must be a string.</summary>
    private static bool TryString(JsonElement obj, string name, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryAudiences(JsonElement payload, out IReadOnlyList<string> audiences)
    {
        audiences = [];
        if (!payload.TryGetProperty("aud", out var aud))
        {
            return true;
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            audiences = [aud.GetString()!];
            return true;
        }

        if (aud.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new List<string>(aud.GetArrayLength());
        foreach (var item in aud.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            list.Add(item.GetString()!);
        }

        audiences = list;
        return true;
    }

    private static bool TryTime(JsonElement payload, string name, out long? seconds)
    {
        seconds = null;
        if (!payload.TryGetProperty(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value) || value < 0 || value > MaxUnixSeconds)
        {
            return false;
        }

        seconds = value;
        return true;
    }

    /// <summary>Google has sent <c>email_verified</c> both as a boolean and as the string <c>"true"</c>.</summary>
    private static bool IsTrue(JsonElement payload) =>
        payload.TryGetProperty("email_verified", out var element)
        && (element.ValueKind == JsonValueKind.True
            || (element.ValueKind == JsonValueKind.String && string.Equals(element.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
}
