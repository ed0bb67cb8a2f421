using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

/// <summary>An <see cref="IMediaSessionControl"/> that records every call and answers with <see cref="Respond"/>.</summary>
internal sealed class RecordingControl : IMediaSessionControl
{
    private readonly List<(string Method, NgRequest? Request)> _calls = [];

    public Func<string, NgRequest?, CancellationToken, ValueTask<NgResult>> Respond { get; set; } =
        (method, _, _) => ValueTask.FromResult(method == "ping" ? NgResult.Pong : NgResult.Ok("v=0\r\n"));

    public IReadOnlyList<(string Method, NgRequest? Request)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public ValueTask<NgResult> OfferAsync(NgRequest request, CancellationToken cancellationToken) => Record("offer", request, cancellationToken);

    public ValueTask<NgResult> AnswerAsync(NgRequest request, CancellationToken cancellationToken) => Record("answer", request, cancellationToken);

    public ValueTask<NgResult> DeleteAsync(NgRequest request, CancellationToken cancellationToken) => Record("delete", request, cancellationToken);

    public ValueTask<NgResult> QueryAsync(NgRequest request, CancellationToken cancellationToken) => Record("query", request, cancellationToken);

    public ValueTask<NgResult> PingAsync(CancellationToken cancellationToken) => Record("ping", null, cancellationToken);

    private ValueTask<NgResult> Record(string method, NgRequest? request, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add((method, request));
        }

        return Respond(method, request, cancellationToken);
    }
}
