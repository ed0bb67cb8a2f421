namespace Rethink.Ims.Media.Control;

/// <summary>
/// What <see cref="NgControlServer"/> drives: the media bridge's side of the ng protocol. Each method
/// gets a parsed request whose required keys are present (offer: call-id, from-tag, sdp; answer: also
/// to-tag; delete: call-id, from-tag; query: call-id) and returns the reply. Return protocol failures as
/// <see cref="NgResult.Fail"/>; an exception is treated as a bug, logged, and answered with a generic error.
/// A retransmitted request is answered from the server's cache and never reaches these methods twice.
/// </summary>
public interface IMediaSessionControl
{
    /// <summary>Handles <c>offer</c>: returns <see cref="NgResult.Ok(string)"/> with the SDP to send on.</summary>
    ValueTask<NgResult> OfferAsync(NgRequest request, CancellationToken cancellationToken);

    /// <summary>Handles <c>answer</c>: returns <see cref="NgResult.Ok(string)"/> with the SDP to send on.</summary>
    ValueTask<NgResult> AnswerAsync(NgRequest request, CancellationToken cancellationToken);

    /// <summary>Handles <c>delete</c>: tears the session (or the branch named by to-tag or via-branch) down.</summary>
    ValueTask<NgResult> DeleteAsync(NgRequest request, CancellationToken cancellationToken);

    /// <summary>Handles <c>query</c>: returns ok with <see cref="NgResult.WithStatistics"/>.</summary>
    ValueTask<NgResult> QueryAsync(NgRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Handles <c>ping</c>. The default answers <see cref="NgResult.Pong"/>; an implementation that is not
    /// ready can answer anything else, and Kamailio then marks this media server disabled.
    /// </summary>
    ValueTask<NgResult> PingAsync(CancellationToken cancellationToken) => ValueTask.FromResult(NgResult.Pong);
}
