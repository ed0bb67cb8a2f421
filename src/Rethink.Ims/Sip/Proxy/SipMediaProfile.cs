namespace Rethink.Ims.Sip.Proxy;

/// <summary>The media profile one side of a call speaks.</summary>
public enum SipMediaProfile
{
    /// <summary>Plain RTP/AVP (an IMS core, a SIP phone, SIPp): no ICE, no DTLS.</summary>
    Plain = 0,

    /// <summary>The WebRTC profile: UDP/TLS/RTP/SAVPF with ICE, DTLS-SRTP, rtcp-mux and BUNDLE (a browser).</summary>
    WebRtc = 1,
}
