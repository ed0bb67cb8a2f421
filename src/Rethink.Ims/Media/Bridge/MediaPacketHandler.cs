namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// Receives one RTP or RTCP packet from a leg, in the clear: the packet is <c>buffer[..length]</c>. The rest of
/// <paramref name="buffer"/> is free room the handler may use (for example for an SRTP tag when it forwards the
/// packet in place). Both are valid only during the call.
/// </summary>
public delegate void MediaPacketHandler(Span<byte> buffer, int length);
