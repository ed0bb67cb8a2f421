using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Rethink.Ims.SipServer;

/// <summary>
/// Safe local defaults: with no listeners configured, listen on 127.0.0.1 only (UDP and TCP on 5060, TLS on 5061,
/// WebSocket on 8080, secure WebSocket on 8443); with TLS listeners and no certificate configured, a self-signed
/// development certificate generated at start (browsers and clients must be told to trust it; never in production);
/// with no domain, serve <c>example.com</c> (the domain the credential server's development issuer gives
/// <c>alice@example.com</c>); with no shared secret, a random one for this run (so nothing can register until
/// <c>Ims:EphemeralAuth:Secrets:0</c> is shared with the credential server, as <c>run.sh</c> does).
/// </summary>
internal static class LocalDefaults
{
    public const string Domain = "example.com";

    public static readonly string[] Listeners = [
        "udp://127.0.0.1:5060", "tcp://127.0.0.1:5060", "tls://127.0.0.1:5061", "ws://127.0.0.1:8080", "wss://127.0.0.1:8443",
    ];

    /// <summary>True when the TLS certificate is the generated development one because none was configured.</summary>
    public static bool DevelopmentCertificate { get; private set; }

    /// <summary>True when the secret was generated here rather than configured.</summary>
    public static bool GeneratedSecret { get; private set; }

    public static void Apply(IConfigurationManager configuration)
    {
        if (!configuration.GetSection("Ims:Sip:Listeners").GetChildren().Any())
        {
            for (var i = 0; i < Listeners.Length; i++)
            {
                configuration[$"Ims:Sip:Listeners:{i}"] = Listeners[i];
            }
        }

        var tls = configuration.GetSection("Ims:Sip:Tls");
        var usesTls = configuration.GetSection("Ims:Sip:Listeners").GetChildren()
            .Any(l => l.Value?.StartsWith("tls://", StringComparison.OrdinalIgnoreCase) == true || l.Value?.StartsWith("wss://", StringComparison.OrdinalIgnoreCase) == true);
        if (usesTls && string.IsNullOrEmpty(tls["CertificatePath"]) && string.IsNullOrEmpty(tls["UseDevelopmentCertificate"]))
        {
            configuration["Ims:Sip:Tls:UseDevelopmentCertificate"] = "true";
        }

        DevelopmentCertificate = usesTls && string.IsNullOrEmpty(tls["CertificatePath"])
            && string.Equals(tls["UseDevelopmentCertificate"], "true", StringComparison.OrdinalIgnoreCase);

        if (!configuration.GetSection("Ims:Sip:Domains").GetChildren().Any())
        {
            configuration["Ims:Sip:Domains:0"] = Domain;
        }

        if (!configuration.GetSection("Ims:EphemeralAuth:Secrets").GetChildren().Any())
        {
            configuration["Ims:EphemeralAuth:Secrets:0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            GeneratedSecret = true;
        }
    }
}
