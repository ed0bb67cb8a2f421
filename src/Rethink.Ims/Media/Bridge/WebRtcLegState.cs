namespace Rethink.Ims.Media.Bridge;

/// <summary>Where a <see cref="WebRtcLeg"/> stands.</summary>
public enum WebRtcLegState
{
    /// <summary>Receiving (answering early ICE checks) but the peer's parameters are not known yet.</summary>
    New,

    /// <summary>The peer's ICE and DTLS parameters are known; ICE and the DTLS handshake are under way.</summary>
    Connecting,

    /// <summary>DTLS finished: SRTP keys are in place and media flows.</summary>
    Connected,

    /// <summary>ICE or DTLS failed, or the peer closed DTLS; the leg carries no media.</summary>
    Failed,

    /// <summary>Disposed.</summary>
    Closed,
}
