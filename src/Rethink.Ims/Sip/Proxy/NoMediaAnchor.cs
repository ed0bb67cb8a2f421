namespace Rethink.Ims.Sip.Proxy;

/// <summary>The default media anchor: every body passes unchanged and nothing is torn down.</summary>
public sealed class NoMediaAnchor : ISipMediaAnchor
{
    /// <summary>The shared instance.</summary>
    public static NoMediaAnchor Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<SipMediaAnchorResult> OfferAsync(SipMediaOffer offer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SipMediaAnchorResult.Unchanged);

    /// <inheritdoc />
    public ValueTask<SipMediaAnchorResult> AnswerAsync(SipMediaAnswer answer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SipMediaAnchorResult.Unchanged);

    /// <inheritdoc />
    public ValueTask DeleteAsync(SipMediaDialog dialog, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
