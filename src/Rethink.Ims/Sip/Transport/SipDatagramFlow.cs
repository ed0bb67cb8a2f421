using System.Net;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>A flow over a datagram socket: sends to any remote address through the same local socket.</summary>
public abstract class SipDatagramFlow : SipFlow
{
    /// <summary>Creates a datagram flow.</summary>
    protected SipDatagramFlow(SipTransportKind transport, IPEndPoint localEndPoint, IPEndPoint remoteEndPoint)
        : base($"{SipListenerEndpoint.SchemeOf(transport)}:{localEndPoint}>{remoteEndPoint}", transport, localEndPoint, remoteEndPoint)
    {
    }

    /// <summary>The flow from the same local socket to <paramref name="remote"/> (RFC 3261 §18.2.2 sends a response to <c>received</c>/<c>rport</c>).</summary>
    public abstract SipDatagramFlow WithRemote(IPEndPoint remote);
}
