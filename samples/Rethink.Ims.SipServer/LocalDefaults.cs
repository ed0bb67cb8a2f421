using Microsoft.Extensions.Configuration;

namespace Rethink.Ims.SipServer;

/// <summary>With no listeners configured, listen on 127.0.0.1 only: UDP and TCP on 5060, WebSocket on 8080.</summary>
internal static class LocalDefaults
{
    public static readonly string[] Listeners = ["udp://127.0.0.1:5060", "tcp://127.0.0.1:5060", "ws://127.0.0.1:8080"];

    public static void Apply(IConfigurationManager configuration)
    {
        if (!configuration.GetSection("Ims:Sip:Listeners").GetChildren().Any())
        {
            for (var i = 0; i < Listeners.Length; i++)
            {
                configuration[$"Ims:Sip:Listeners:{i}"] = Listeners[i];
            }
        }
    }
}
