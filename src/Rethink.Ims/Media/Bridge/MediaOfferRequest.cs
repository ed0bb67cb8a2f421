namespace Rethink.Ims.Media.Bridge;

/// <summary>An SDP offer for the bridge.</summary>
/// <param name="CallId">The SIP Call-ID (the bridge keeps one call per Call-ID).</param>
/// <param name="FromTag">The caller's From tag.</param>
/// <param name="Sdp">The offer as received.</param>
/// <param name="RecipientProfile">What the side receiving the offer speaks.</param>
/// <param name="OffererProfile">What the offerer speaks; null reads it from the SDP (ICE or a DTLS fingerprint on the audio m-line: WebRTC).</param>
public sealed record MediaOfferRequest(
    string CallId, string FromTag, ReadOnlyMemory<byte> Sdp, MediaLegProfile RecipientProfile, MediaLegProfile? OffererProfile = null)
{
    /// <summary>The To tag, for a re-offer inside a dialog.</summary>
    public string? ToTag { get; init; }

    /// <summary>
    /// When both sides speak plain RTP, anchor the call anyway (a <see cref="PlainRelayCall"/>: the bridge's address
    /// in both descriptions, packets relayed unchanged), as rtpengine does, instead of passing the SDP unchanged.
    /// </summary>
    public bool AnchorPlain { get; init; }

    /// <summary>Codec and transport choices.</summary>
    public MediaNegotiationOptions Negotiation { get; init; } = MediaNegotiationOptions.Default;
}
