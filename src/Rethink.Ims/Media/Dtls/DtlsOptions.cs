namespace Rethink.Ims.Media.Dtls;

/// <summary>Settings of a DTLS-SRTP session; bind from configuration and check with <see cref="DtlsOptionsValidator"/>.</summary>
public sealed class DtlsOptions
{
    /// <summary>
    /// How long a handshake may take, counted from <see cref="DtlsSrtpSession.HandshakeAsync"/> (default 10 s).
    /// A server waits this long for the first ClientHello too.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The first retransmission timer of a handshake flight (default 1 s, RFC 6347 §4.2.4.1); it doubles
    /// after each retransmission. Whole milliseconds, at least 10 ms.
    /// </summary>
    public TimeSpan RetransmitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest datagram sent (default <see cref="DtlsPacketTransport.DefaultMtu"/>, 1200).</summary>
    public int Mtu { get; set; } = DtlsPacketTransport.DefaultMtu;

    /// <summary>How many received datagrams may wait before more are dropped (default 64).</summary>
    public int ReceiveQueueCapacity { get; set; } = DtlsPacketTransport.DefaultQueueCapacity;

    /// <summary>
    /// The SRTP protection profiles to offer (client) or accept (server), most preferred first. A client offers
    /// them in this order; a server picks the first of these that the client offered. Default:
    /// AES_CM_128_HMAC_SHA1_80 (what every WebRTC endpoint supports), then AEAD_AES_128_GCM, AEAD_AES_256_GCM.
    /// </summary>
    public IList<DtlsSrtpProtectionProfile> SrtpProfiles { get; set; } =
    [
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80,
        DtlsSrtpProtectionProfile.AeadAes128Gcm,
        DtlsSrtpProtectionProfile.AeadAes256Gcm,
    ];
}
