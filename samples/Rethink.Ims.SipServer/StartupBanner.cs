using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Proxy;
using Rethink.Ims.Sip.Services;

namespace Rethink.Ims.SipServer;

/// <summary>Tells the person who started the server where it listens and how to try it.</summary>
internal static class StartupBanner
{
    public static void Print(
        Rethink.Ims.Sip.Pipeline.SipServer server, SipLocalDomains domains, SipProxy? proxy, NgMediaAnchor? media, SipEchoService? echo, ICollection<string> management)
    {
        var domain = domains.Default ?? LocalDefaults.Domain;
        Console.WriteLine();
        Console.WriteLine(proxy is null
            ? "Rethink.Ims SIP server: OPTIONS 200; REGISTER with ephemeral digest credentials (registrar); anything else 501"
            : "Rethink.Ims SIP edge proxy: OPTIONS 200; REGISTER with ephemeral digest credentials (registrar); calls proxied");
        if (proxy is not null)
        {
            Console.WriteLine($"  upstream       {(proxy.Upstream?.ToString() ?? "none (requests for other domains: 403 Not relaying)")}");
        }

        Console.WriteLine($"  domains        {string.Join(", ", domains.Domains)} (digest realm: the From domain)");
        foreach (var listener in server.Listeners)
        {
            var secure = listener.Transport is SipTransportKind.Tls or SipTransportKind.Wss;
            Console.WriteLine($"  listening on   {listener}{(secure && LocalDefaults.DevelopmentCertificate ? "  (self-signed development certificate)" : string.Empty)}");
        }

        Console.WriteLine($"  media anchor   {(media is null ? "none (SDP passes unchanged)" : $"ng udp:{media.Server} (media server or rtpengine)")}");
        if (echo is not null)
        {
            Console.WriteLine($"  echo service   {string.Join(", ", echo.AddressesOfRecord)} (udp:{echo.LocalEndPoint}): answers and returns your audio");
        }

        foreach (var url in management)
        {
            Console.WriteLine($"  management     {url}/health  {url}/metrics");
        }

        Console.WriteLine("  checks         416 Request-URI scheme, 483 Max-Forwards 0, 420 unknown Proxy-Require/Require, 415/406 session bodies");

        if (LocalDefaults.GeneratedSecret)
        {
            Console.WriteLine();
            Console.WriteLine("  No shared secret configured: a random one was generated, so no credential will work.");
            Console.WriteLine("  Share one with the credential server: Ims__EphemeralAuth__Secrets__0=... (./run.sh does).");
        }

        var udp = server.Listeners.FirstOrDefault(l => l.Transport == SipTransportKind.Udp);
        if (udp is not null)
        {
            var target = udp.EndPoint.ToString();
            Console.WriteLine();
            Console.WriteLine("  Try it (the answer comes back to nc thanks to rport):");
            Console.WriteLine($"    printf 'OPTIONS sip:{target} SIP/2.0\\r\\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-try;rport\\r\\n" +
                $"From: <sip:try@127.0.0.1>;tag=1\\r\\nTo: <sip:{target}>\\r\\nCall-ID: try-1\\r\\nCSeq: 1 OPTIONS\\r\\n" +
                $"Max-Forwards: 70\\r\\nContent-Length: 0\\r\\n\\r\\n' | nc -u -w1 {udp.EndPoint.Address} {udp.EndPoint.Port}");
            Console.WriteLine($"    sipp -sf tests/Rethink.Ims.IntegrationTests/Sip/Scenarios/options-uac.xml -m 1 -t u1 {target}");
            Console.WriteLine();
            Console.WriteLine("  Register: get a credential (curl -H \"Authorization: Bearer $(curl -s 'http://127.0.0.1:5080/dev/token?email=alice@" + domain + "')\"");
            Console.WriteLine("  http://127.0.0.1:5080/credential), then with its authorizationUser (<expiry>:alice) and password:");
            Console.WriteLine($"    sipp -sf tests/Rethink.Ims.IntegrationTests/Sip/Registrar/register-uac.xml -m 1 -t u1 -s alice " +
                $"-key domain {domain} -au '<authorizationUser>' -ap '<password>' {target}");
        }

        var ws = server.Listeners.FirstOrDefault(l => l.Transport == SipTransportKind.Ws);
        if (ws is not null)
        {
            Console.WriteLine("  JsSIP (as the original browser client, the credential's username is the SIP URI user):");
            Console.WriteLine($"    new JsSIP.UA({{ uri: 'sip:' + credential.username, password: credential.password, " +
                $"sockets: [new JsSIP.WebSocketInterface('ws://{ws.EndPoint}')] }})");
        }

        var wss = server.Listeners.FirstOrDefault(l => l.Transport == SipTransportKind.Wss);
        if (wss is not null)
        {
            Console.WriteLine($"  Over TLS the same with 'wss://{wss.EndPoint}'" + (LocalDefaults.DevelopmentCertificate
                ? "; the certificate is self-signed: open https://" + wss.EndPoint + " once in the browser to accept it, or in node"
                    + " run tests/js/sipjs-register.mjs wss://" + wss.EndPoint + " '<username>' " + domain + " '<password>' (it does not verify it)."
                : "."));
        }

        Console.WriteLine();
    }
}
