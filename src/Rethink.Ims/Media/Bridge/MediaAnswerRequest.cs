namespace Rethink.Ims.Media.Bridge;

/// <summary>The SDP answer to the offer the bridge last rewrote for this call.</summary>
/// <param name="CallId">The SIP Call-ID.</param>
/// <param name="FromTag">The caller's From tag.</param>
/// <param name="ToTag">The answering side's To tag.</param>
/// <param name="Sdp">The answer as received.</param>
public sealed record MediaAnswerRequest(string CallId, string FromTag, string? ToTag, ReadOnlyMemory<byte> Sdp)
{
    /// <summary>Codec and transport choices.</summary>
    public MediaNegotiationOptions Negotiation { get; init; } = MediaNegotiationOptions.Default;
}
