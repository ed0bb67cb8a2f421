namespace Rethink.Ims.Media.Control;

/// <summary>Settings of <see cref="NgControlServer"/>, bound from <c>Ims:NgControl</c> by convention.</summary>
public sealed class NgControlServerOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Ims:NgControl";

    /// <summary>
    /// The address to listen on. Default <c>127.0.0.1</c>: the ng protocol has no authentication, so keep it
    /// on loopback or a private control network.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The UDP port. Default 2223, rtpengine's customary ng port; 0 picks a free one (see <see cref="NgControlServer.LocalEndPoint"/>).</summary>
    public int Port { get; set; } = 2223;

    /// <summary>Largest datagram accepted, in bytes (64 to 65507). Longer ones get an error reply. Default 65507.</summary>
    public int MaxDatagramSize { get; set; } = NgMessage.MaxUdpPayload;

    /// <summary>Commands executed at once; further datagrams wait in the socket buffer. Default 64.</summary>
    public int MaxConcurrentCommands { get; set; } = 64;

    /// <summary>
    /// How long a command may take before it is cancelled and answered with an error. Default 10 s (Kamailio
    /// gives up after <c>rtpengine_tout_ms</c> × <c>rtpengine_retr</c>, 5 s by default).
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a reply stays available for retransmissions of its request. Default 30 s.</summary>
    public TimeSpan ReplyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most requests remembered for retransmissions. Default 10,000.</summary>
    public int ReplyCacheMaxEntries { get; set; } = 10_000;

    /// <summary>Most bytes of replies remembered for retransmissions. Default 64 MiB.</summary>
    public long ReplyCacheMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Limits for decoding request dictionaries.</summary>
    public BencodeReaderOptions Bencode { get; set; } = new();
}
