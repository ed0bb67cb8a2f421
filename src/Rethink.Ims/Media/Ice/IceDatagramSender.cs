using System.Net;

namespace Rethink.Ims.Media.Ice;

/// <summary>
/// Sends one STUN datagram, for example with <c>Socket.SendTo</c> on the leg's UDP socket. The span is only
/// valid during the call. Called outside the agent's lock, from the thread that delivered a datagram or from
/// a timer.
/// </summary>
/// <param name="datagram">The UDP payload.</param>
/// <param name="destination">Where to send it.</param>
public delegate void IceDatagramSender(ReadOnlySpan<byte> datagram, IPEndPoint destination);
