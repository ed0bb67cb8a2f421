namespace Rethink.Ims.Sip.Transport;

/// <summary>Listeners and limits of the SIP transport (bound from <c>Ims:Sip</c> as part of the server options).</summary>
public class SipTransportOptions
{
    /// <summary>The configuration key of <see cref="Listeners"/> (errors name it: <c>Ims:Sip:Listeners:0</c>).</summary>
    internal const string ListenersKey = "Ims:Sip:Listeners";

    /// <summary>
    /// Listener URIs: <c>udp://127.0.0.1:5060</c>, <c>tcp://…</c>, <c>tls://…</c>, <c>ws://…</c>, <c>wss://…</c>
    /// (IP address and port; port 0 picks a free one).
    /// </summary>
    public IList<string> Listeners { get; } = new List<string>();

    /// <summary>The largest message accepted or sent, in bytes (datagram, framed message or WebSocket message).</summary>
    public int MaxMessageSize { get; set; } = 65_535;

    /// <summary>Open connections (TCP, TLS, WS, WSS) allowed in total; more are refused.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Open connections allowed from one remote IP address; more are refused.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 100;

    /// <summary>A connection that receives nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Time a TLS handshake (or WebSocket upgrade) may take.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Received messages waiting for the pipeline (and, for UDP, requests handled inline that are waiting on something);
    /// when full, more are dropped and counted.
    /// </summary>
    public int InboundQueueCapacity { get; set; } = 4_096;

    /// <summary>
    /// Receive and send buffer of each UDP socket, in bytes (<c>SO_RCVBUF</c>/<c>SO_SNDBUF</c>; Linux caps it at
    /// <c>net.core.rmem_max</c>/<c>wmem_max</c>); 0 leaves the system default (about 208 KiB on Linux), which bursts of
    /// a few thousand datagrams overflow. Default 4 MiB.
    /// </summary>
    public int UdpSocketBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Tasks taking messages from the inbound queue to the pipeline (TCP, TLS, WebSocket), and threads receiving on each
    /// UDP socket, which run the pipeline for what they receive themselves.
    /// </summary>
    public int InboundWorkers { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Sends waiting on one connection; when full, more are dropped and counted.</summary>
    public int MaxPendingSendsPerConnection { get; set; } = 64;

    /// <summary>
    /// Time an outbound connection may take: name resolution, TCP connect and TLS handshake together. A target that does
    /// not make it in time fails (the proxy answers 408/503 for that branch).
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval of WebSocket keep-alive pings.</summary>
    public TimeSpan WebSocketKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The certificate for tls:// and wss:// listeners.</summary>
    public SipTlsOptions Tls { get; set; } = new();
}
