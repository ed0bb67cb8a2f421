namespace Rethink.Ims.Sip.Transport;

/// <summary>What became of an attempt to get a flow to a target.</summary>
public enum SipOutboundStatus
{
    /// <summary>A flow is ready (a UDP flow from a listener socket, a reused or new connection, or the named flow).</summary>
    Ready = 0,

    /// <summary>The transport has not started (or has stopped): nothing can be sent.</summary>
    NotStarted,

    /// <summary>The named flow (a registered WebSocket client's connection) has closed.</summary>
    FlowClosed,

    /// <summary>The host name did not resolve (A/AAAA) in time, or resolved to no usable address.</summary>
    ResolutionFailed,

    /// <summary>No listener of that transport (UDP needs one to send from) or of that address family.</summary>
    NoListener,

    /// <summary>WS/WSS can only be used over an existing flow: this server opens no WebSocket client connections.</summary>
    UnsupportedTransport,

    /// <summary>The connection (or TLS handshake) was refused or failed.</summary>
    ConnectFailed,

    /// <summary>Resolution, connection and handshake took longer than <see cref="SipTransportOptions.ConnectTimeout"/>.</summary>
    TimedOut,

    /// <summary>A connection limit (total, per address) was reached.</summary>
    ConnectionLimit,
}
