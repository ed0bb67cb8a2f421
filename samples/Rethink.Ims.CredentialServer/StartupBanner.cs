using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Rethink.Ims.Provisioning;

namespace Rethink.Ims.CredentialServer;

/// <summary>Tells the person who started the server where it listens and how to try it.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app, LocalDefaults defaults)
    {
        var options = app.Services.GetRequiredService<IOptions<EphemeralAuthOptions>>().Value;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? LocalDefaults.DefaultUrl;

        Console.WriteLine();
        Console.WriteLine("Rethink.Ims credential server");
        Console.WriteLine($"  listening on   {address}");
        if (app.Configuration.GetValue("BrowserClient:Enabled", true))
        {
            Console.WriteLine($"  browser client {address}/   (open it in a browser)");
        }

        Console.WriteLine($"  credential     GET {address}/credential   (Authorization: Bearer <ID token>)");
        Console.WriteLine($"  health         GET {address}/health");
        if (defaults.GeneratedSecret is not null)
        {
            Console.WriteLine();
            Console.WriteLine("  DEVELOPMENT SECRET (generated for this run; set Ims__EphemeralAuth__Secrets__0 to choose one):");
            Console.WriteLine($"    {defaults.GeneratedSecret}");
        }

        if (options.DevelopmentIssuer.Enabled)
        {
            Console.WriteLine();
            Console.WriteLine("  Development issuer ON (never in production). Try it:");
            Console.WriteLine($"    TOKEN=$(curl -s '{address}/dev/token?email=alice@example.com' | sed -E 's/.*\"id_token\":\"([^\"]+)\".*/\\1/')");
            Console.WriteLine($"    curl -s -H \"Authorization: Bearer $TOKEN\" {address}/credential");
        }

        Console.WriteLine();
    }
}
