using System.Diagnostics.Metrics;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// Metrics of the ng control server, on the meter <c>Rethink.Ims.Media.Control</c>:
/// <c>rethink.ims.ng.commands</c> (tags <c>command</c>: ping, offer, answer, delete, query or other;
/// <c>result</c>: ok, pong, error or load_limit), <c>rethink.ims.ng.command.duration</c> (seconds, tag
/// <c>command</c>), <c>rethink.ims.ng.retransmissions</c> (tag <c>outcome</c>: replayed or in_progress) and
/// <c>rethink.ims.ng.dropped</c> (tag <c>reason</c>: no_cookie, too_large, send_failed). No tag ever holds
/// a value from the wire.
/// </summary>
public sealed class NgControlMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Media.Control";

    private readonly Counter<long> _commands;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _dropped;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public NgControlMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _commands = meter.CreateCounter<long>("rethink.ims.ng.commands", description: "ng commands answered, by command and result.");
        _duration = meter.CreateHistogram<double>("rethink.ims.ng.command.duration", unit: "s", description: "Time to answer an ng command.");
        _retransmissions = meter.CreateCounter<long>("rethink.ims.ng.retransmissions", description: "Retransmitted ng requests, answered from the cache or dropped while the first copy runs.");
        _dropped = meter.CreateCounter<long>("rethink.ims.ng.dropped", description: "ng datagrams dropped without a reply, by reason.");
    }

    internal void Command(NgCommandKind command, NgResultKind result, TimeSpan duration)
    {
        var name = CommandTag(command);
        _commands.Add(1, new KeyValuePair<string, object?>("command", name), new KeyValuePair<string, object?>("result", ResultTag(result)));
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("command", name));
    }

    internal void Retransmission(NgReplyCacheLookup outcome) =>
        _retransmissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome == NgReplyCacheLookup.Replay ? "replayed" : "in_progress"));

    internal void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static string CommandTag(NgCommandKind command) => command switch
    {
        NgCommandKind.Ping => "ping",
        NgCommandKind.Offer => "offer",
        NgCommandKind.Answer => "answer",
        NgCommandKind.Delete => "delete",
        NgCommandKind.Query => "query",
        _ => "other",
    };

    private static string ResultTag(NgResultKind result) => result switch
    {
        NgResultKind.Ok => "ok",
        NgResultKind.Pong => "pong",
        NgResultKind.LoadLimit => "load_limit",
        _ => "error",
    };
}
