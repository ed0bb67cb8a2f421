using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Rethink.Ims.Tests.Identity;

/// <summary>Builds unsigned or arbitrarily signed compact JWTs from JSON, for tests that stop before signature checking.</summary>
internal static class TestJwt
{
    public static string Part(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string Raw(string headerJson, string payloadJson, string signature = "c2lnbmF0dXJl") =>
        $"{Part(headerJson)}.{Part(payloadJson)}.{signature}";

    public static string Make(object header, object payload, string signature = "c2lnbmF0dXJl") =>
        Raw(JsonSerializer.Serialize(header), JsonSerializer.Serialize(payload), signature);

    /// <summary>Claims that pass every check of a validator trusting <c>issuer</c> and <c>client-1</c> at Unix time 1,700,000,000.</summary>
    public static Dictionary<string, object> GoodClaims() => new()
    {
        ["iss"] = "https://accounts.google.com",
        ["aud"] = "client-1",
        ["sub"] = "1234567890",
        ["email"] = "alice@example.com",
        ["email_verified"] = true,
        ["iat"] = 1_700_000_000,
        ["exp"] = 1_700_003_600,
    };
}
