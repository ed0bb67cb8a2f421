namespace Rethink.Ims.Media.Bridge;

/// <summary>Why a bridged call was torn down.</summary>
public enum MediaCallEndReason
{
    /// <summary>The signalling deleted it (BYE, CANCEL, ng delete).</summary>
    Deleted,

    /// <summary>A leg received nothing for <see cref="MediaBridgeOptions.MediaTimeout"/>.</summary>
    MediaTimeout,

    /// <summary>No answer came within <see cref="MediaBridgeOptions.AnswerTimeout"/>.</summary>
    AnswerTimeout,

    /// <summary>ICE failed on the WebRTC leg: no nomination in time, or consent lost.</summary>
    IceFailed,

    /// <summary>The DTLS handshake failed (timeout, wrong fingerprint, no common SRTP profile).</summary>
    DtlsFailed,

    /// <summary>The browser closed the DTLS association (close_notify): it hung up, so media cannot flow any more.</summary>
    PeerClosed,

    /// <summary>The bridge is shutting down.</summary>
    Shutdown,
}
