namespace Rethink.Ims.Media.Codecs;

/// <summary>Audio codecs the media bridge can decode, encode and transcode between.</summary>
public enum AudioCodec
{
    /// <summary>G.711 µ-law, 8 kHz, one byte per sample (RTP static payload type 0).</summary>
    Pcmu,

    /// <summary>G.711 A-law, 8 kHz, one byte per sample (RTP static payload type 8).</summary>
    Pcma,

    /// <summary>Opus (RFC 6716), mono here; its RTP clock is always 48 kHz (RFC 7587).</summary>
    Opus,
}
