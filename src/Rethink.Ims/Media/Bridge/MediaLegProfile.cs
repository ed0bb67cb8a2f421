namespace Rethink.Ims.Media.Bridge;

/// <summary>What one leg of a bridged call speaks.</summary>
public enum MediaLegProfile
{
    /// <summary>Plain RTP/AVP (an IMS core, a SIP phone): no ICE, no DTLS, G.711.</summary>
    Plain = 0,

    /// <summary>WebRTC: ICE-lite, DTLS-SRTP, rtcp-mux on one port; Opus or G.711.</summary>
    WebRtc = 1,
}
