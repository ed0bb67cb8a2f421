using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.SipServer;

/// <summary>Tells the person who started the server where it listens and how to try it.</summary>
internal static class StartupBanner
{
    public static void Print(Rethink.Ims.Sip.Pipeline.SipServer server)
    {
        Console.WriteLine();
        Console.WriteLine("Rethink.Ims SIP server (answers OPTIONS with 200, anything else with 501)");
        foreach (var listener in server.Listeners)
        {
            Console.WriteLine($"  listening on   {listener}");
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
        }

        Console.WriteLine();
    }
}
