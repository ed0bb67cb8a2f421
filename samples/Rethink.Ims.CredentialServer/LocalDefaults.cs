using System.Security.Cryptography;

namespace Rethink.Ims.CredentialServer;

/// <summary>
/// Safe defaults for running on one machine with no configuration: listen on 127.0.0.1:5080 only; when no shared
/// secret is configured, make a development secret for this run (printed once so a SIP server can share it); when
/// no Google client (audience) is configured and the development issuer is not set either way, turn it on.
/// </summary>
internal sealed record LocalDefaults(string? GeneratedSecret)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static LocalDefaults Apply(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        string? generated = null;
        if (string.IsNullOrEmpty(configuration["Ims:EphemeralAuth:Secrets:0"]))
        {
            generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            configuration["Ims:EphemeralAuth:Secrets:0"] = generated;
        }

        const string development = "Ims:EphemeralAuth:DevelopmentIssuer:Enabled";
        if (configuration[development] is null &&
            configuration["Ims:EphemeralAuth:IdToken:Audiences:0"] is null &&
            configuration["Ims:EphemeralAuth:TokenType"] is null)
        {
            configuration[development] = "true";
        }

        return new LocalDefaults(generated);
    }
}
