namespace Rethink.Ims.Media.Bridge;

/// <summary>What the bridge made of an offer or answer.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Sdp">The SDP to send on (for <see cref="MediaBridgeStatus.Rewritten"/>).</param>
/// <param name="Detail">A short reason for a refusal, naming the problem (never quoting secrets).</param>
public readonly record struct MediaBridgeResult(MediaBridgeStatus Status, ReadOnlyMemory<byte> Sdp = default, string? Detail = null)
{
    /// <summary>True when <see cref="Sdp"/> is to be sent on.</summary>
    public bool IsRewritten => Status == MediaBridgeStatus.Rewritten;
}
