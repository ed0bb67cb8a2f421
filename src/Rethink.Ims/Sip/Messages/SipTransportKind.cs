namespace Rethink.Ims.Sip.Messages;

/// <summary>The transport named in a Via sent-protocol (case-insensitive).</summary>
public enum SipTransportKind : byte
{
    /// <summary>A transport token this stack does not know (still valid syntax).</summary>
    Other = 0,

    /// <summary>UDP.</summary>
    Udp,

    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>TLS (over TCP).</summary>
    Tls,

    /// <summary>SCTP.</summary>
    Sctp,

    /// <summary>TLS-SCTP.</summary>
    TlsSctp,

    /// <summary>WS: SIP over WebSocket (RFC 7118).</summary>
    Ws,

    /// <summary>WSS: SIP over secure WebSocket (RFC 7118).</summary>
    Wss,
}
