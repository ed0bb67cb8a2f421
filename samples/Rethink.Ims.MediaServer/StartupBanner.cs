using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.MediaServer;

/// <summary>Tells the person who started the server where it listens and how to point Kamailio at it.</summary>
internal static class StartupBanner
{
    public static void Print(NgControlServer control, MediaBridge bridge, MediaBridgeOptions options, ICollection<string> management)
    {
        var ng = control.LocalEndPoint;
        Console.WriteLine();
        Console.WriteLine("Rethink.Ims media server: WebRTC (ICE-lite, DTLS-SRTP, Opus/PCMU/PCMA) <-> plain RTP/AVP (PCMU/PCMA), and plain <-> plain relays");
        Console.WriteLine($"  ng control     udp:{ng} (rtpengine's ng protocol: ping, offer, answer, delete, query)");
        Console.WriteLine($"  media          {options.BindAddress} ports {options.PortMin}-{options.PortMax}, advertised as {options.EffectiveAdvertisedAddress}");
        Console.WriteLine($"  limits         {options.MaxCalls} calls, media timeout {options.MediaTimeout.TotalSeconds:0} s");
        Console.WriteLine($"  DTLS           {bridge.Certificate}");
        foreach (var url in management)
        {
            Console.WriteLine($"  management     {url}/health  {url}/metrics");
        }

        Console.WriteLine();
        Console.WriteLine("  Point Kamailio's rtpengine module at it (kamailio.cfg):");
        Console.WriteLine("    loadmodule \"rtpengine.so\"");
        Console.WriteLine($"    modparam(\"rtpengine\", \"rtpengine_sock\", \"udp:{ng}\")");
        Console.WriteLine("  then, for a browser (WebSocket) caller towards a plain SIP/IMS callee:");
        Console.WriteLine("    rtpengine_offer(\"RTP/AVP ICE=remove DTLS=off rtcp-mux-demux replace-origin replace-session-connection\");");
        Console.WriteLine("    rtpengine_answer(\"UDP/TLS/RTP/SAVPF ICE=force DTLS=passive rtcp-mux-require\");   # on the 200 OK");
        Console.WriteLine("  and for a plain caller towards a browser the other way round; rtpengine_delete() on BYE/CANCEL.");
        Console.WriteLine("  A call between two plain SIP endpoints (no transport change) is anchored and relayed as it is, as rtpengine does.");
        Console.WriteLine("  Check it answers: kamcmd rtpengine.show all");
    }
}
