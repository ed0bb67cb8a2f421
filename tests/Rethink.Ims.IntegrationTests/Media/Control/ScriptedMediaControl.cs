using System.Collections.Concurrent;
using Rethink.Ims.Media.Control;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary>
/// A stand-in for the media bridge, which comes later: it records every ng call it gets and answers offers and
/// answers with the SDP it was given, parsed and rewritten to point at 192.0.2.50 (a bridge would put its own
/// address and ports there). A test can script the result for one Call-ID with <see cref="Script"/>.
/// </summary>
public sealed class ScriptedMediaControl : IMediaSessionControl
{
    public const string BridgeAddress = "192.0.2.50";
    public const int OfferPort = 30000;
    public const int AnswerPort = 30002;

    public static readonly NgCallStatistics Statistics = new(
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_000_003),
        new NgTrafficTotals(1234, 56, 0), new NgTrafficTotals(78, 9, 1));

    private readonly ConcurrentQueue<(string Method, NgRequest? Request)> _calls = new();
    private readonly ConcurrentDictionary<string, Func<string, NgRequest, CancellationToken, Task<NgResult>>> _scripts = new();

    public IReadOnlyList<(string Method, NgRequest? Request)> Calls => [.. _calls];

    public IEnumerable<NgRequest> CallsFor(string callId) =>
        Calls.Where(c => c.Request?.CallId == callId).Select(c => c.Request!);

    /// <summary>Answers every command for <paramref name="callId"/> with <paramref name="respond"/> instead of the default.</summary>
    public void Script(string callId, Func<string, NgRequest, CancellationToken, Task<NgResult>> respond) => _scripts[callId] = respond;

    /// <summary>The SDP this control returns for <paramref name="sdp"/> received in a <paramref name="method"/>.</summary>
    public static string Rewrite(string method, ReadOnlySpan<byte> sdp)
    {
        if (!SdpParser.TryParse(sdp, out var description, out var error))
        {
            throw new InvalidOperationException($"Unparsable SDP: {error}");
        }

        var port = method == "offer" ? OfferPort : AnswerPort;
        return (description with { Connection = SdpConnection.ForAddress(BridgeAddress) })
            .WithMedia((m, i) => i == 0 ? m with { Port = port, Connections = [] } : m)
            .ToSdp();
    }

    /// <summary>What <c>ping</c> gets: pong unless a test says otherwise.</summary>
    public NgResult PingResult { get; set; } = NgResult.Pong;

    public ValueTask<NgResult> PingAsync(CancellationToken cancellationToken)
    {
        _calls.Enqueue(("ping", null));
        return ValueTask.FromResult(PingResult);
    }

    public ValueTask<NgResult> OfferAsync(NgRequest request, CancellationToken cancellationToken) => HandleAsync("offer", request, cancellationToken);

    public ValueTask<NgResult> AnswerAsync(NgRequest request, CancellationToken cancellationToken) => HandleAsync("answer", request, cancellationToken);

    public ValueTask<NgResult> DeleteAsync(NgRequest request, CancellationToken cancellationToken) => HandleAsync("delete", request, cancellationToken);

    public ValueTask<NgResult> QueryAsync(NgRequest request, CancellationToken cancellationToken) => HandleAsync("query", request, cancellationToken);

    private async ValueTask<NgResult> HandleAsync(string method, NgRequest request, CancellationToken cancellationToken)
    {
        _calls.Enqueue((method, request));
        if (request.CallId is { } callId && _scripts.TryGetValue(callId, out var script))
        {
            return await script(method, request, cancellationToken);
        }

        return Default(method, request);
    }

    public static NgResult Default(string method, NgRequest request) => method switch
    {
        "offer" or "answer" => NgResult.Ok(Rewrite(method, request.Sdp!.Value.Span)),
        _ => NgResult.Ok().WithStatistics(Statistics),
    };
}
