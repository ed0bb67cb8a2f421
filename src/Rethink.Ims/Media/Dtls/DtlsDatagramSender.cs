namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// Sends one DTLS datagram to the peer, for example with <c>Socket.SendTo</c> on the leg's UDP socket.
/// Called on the handshake's thread; the span is only valid during the call.
/// </summary>
/// <param name="datagram">One UDP payload: one or more DTLS records.</param>
public delegate void DtlsDatagramSender(ReadOnlySpan<byte> datagram);
