namespace Rethink.Ims.Media.Dtls;

/// <summary>Cheap checks on a received datagram, for the socket owner's demultiplexing (RFC 7983).</summary>
public static class DtlsPacket
{
    private const int RecordHeaderLength = 13;
    private const byte HandshakeContentType = 22;
    private const byte ClientHelloType = 1;

    /// <summary>Whether the first byte says DTLS (20 to 63, RFC 7983 §7); STUN is 0 to 3, RTP/RTCP 128 to 191.</summary>
    public static bool IsDtls(ReadOnlySpan<byte> datagram) => !datagram.IsEmpty && datagram[0] is >= 20 and <= 63;

    /// <summary>
    /// Whether the datagram starts with an epoch-0 DTLS handshake record carrying (a fragment of) a
    /// ClientHello. An <c>actpass</c> side that sees one before the answer takes the server role.
    /// </summary>
    public static bool IsClientHello(ReadOnlySpan<byte> datagram) =>
        datagram.Length > RecordHeaderLength
        && datagram[0] == HandshakeContentType
        && datagram[1] == 0xFE // DTLS major version (1.0 is FE FF, 1.2 is FE FD)
        && datagram[3] == 0 && datagram[4] == 0 // epoch 0
        && datagram[RecordHeaderLength] == ClientHelloType;
}
