namespace Rethink.Ims.Media.Bridge;

/// <summary>The outcome of an offer or answer given to the bridge.</summary>
public enum MediaBridgeStatus
{
    /// <summary>The SDP was rewritten: send <see cref="MediaBridgeResult.Sdp"/> on.</summary>
    Rewritten,

    /// <summary>Both sides speak the same profile: the body passes unchanged and no media is anchored.</summary>
    Unchanged,

    /// <summary>The SDP does not parse.</summary>
    InvalidSdp,

    /// <summary>The SDP has nothing the bridge can carry (no audio m-line, no usable codec, SDES-SRTP).</summary>
    NotAcceptable,

    /// <summary>An answer or query for a call the bridge does not hold.</summary>
    UnknownCall,

    /// <summary>An answer with no offer waiting for it.</summary>
    NoPendingOffer,

    /// <summary>The bridge holds <see cref="MediaBridgeOptions.MaxCalls"/> calls already.</summary>
    CallLimitReached,

    /// <summary>No free ports are left in the configured range.</summary>
    NoPortsAvailable,
}
