using System.Net;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>The UDP flow: our socket and a remote address.</summary>
internal sealed class UdpSipFlow(UdpSipListener listener, IPEndPoint local, IPEndPoint remote)
    : SipDatagramFlow(SipTransportKind.Udp, local, remote)
{
    public override ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        listener.SendToAsync(message, RemoteEndPoint, cancellationToken);

    public override SipDatagramFlow WithRemote(IPEndPoint remote) => new UdpSipFlow(listener, LocalEndPoint, remote);
}
