using System.Text;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// The outcome of an ng command, written as the reply dictionary by <see cref="ToBencode"/>. Immutable;
/// build one with <see cref="Ok()"/>, <see cref="Fail"/>, <see cref="LoadLimit"/> or <see cref="Pong"/>.
/// <see cref="ToString"/> never shows the SDP.
/// </summary>
public sealed class NgResult
{
    private NgResult(NgResultKind kind, ReadOnlyMemory<byte>? sdp, string? warning, string? reason, NgCallStatistics? statistics)
    {
        Kind = kind;
        Sdp = sdp;
        Warning = warning;
        Reason = reason;
        Statistics = statistics;
    }

    /// <summary>The answer to <c>ping</c>.</summary>
    public static NgResult Pong { get; } = new(NgResultKind.Pong, null, null, null, null);

    /// <summary>The result kind.</summary>
    public NgResultKind Kind { get; }

    /// <summary>The rewritten SDP for an ok reply to offer or answer; Kamailio puts it in the SIP message.</summary>
    public ReadOnlyMemory<byte>? Sdp { get; }

    /// <summary>A non-fatal problem reported with an ok result (<c>warning</c>).</summary>
    public string? Warning { get; }

    /// <summary>The <c>error-reason</c> of an error, or the optional <c>message</c> of a load-limit result.</summary>
    public string? Reason { get; }

    /// <summary>Call statistics for an ok reply to query or delete.</summary>
    public NgCallStatistics? Statistics { get; }

    /// <summary>An ok result without a body.</summary>
    public static NgResult Ok() => new(NgResultKind.Ok, null, null, null, null);

    /// <summary>An ok result carrying <paramref name="sdp"/> (written as UTF-8).</summary>
    public static NgResult Ok(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        return Ok(Encoding.UTF8.GetBytes(sdp));
    }

    /// <summary>An ok result carrying <paramref name="sdp"/> (not copied: keep it unchanged).</summary>
    public static NgResult Ok(ReadOnlyMemory<byte> sdp) => new(NgResultKind.Ok, sdp, null, null, null);

    /// <summary>An error result; <paramref name="reason"/> becomes <c>error-reason</c> and shows in Kamailio's log.</summary>
    public static NgResult Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new NgResult(NgResultKind.Error, null, null, reason, null);
    }

    /// <summary>A load-limit result: Kamailio tries its next media server.</summary>
    public static NgResult LoadLimit(string? message = null) => new(NgResultKind.LoadLimit, null, null, message, null);

    /// <summary>This ok result with a <c>warning</c>.</summary>
    /// <exception cref="InvalidOperationException">This is not an ok result.</exception>
    public NgResult WithWarning(string warning)
    {
        ArgumentException.ThrowIfNullOrEmpty(warning);
        RequireOk();
        return new NgResult(Kind, Sdp, warning, Reason, Statistics);
    }

    /// <summary>This ok result with call statistics (for query and delete replies).</summary>
    /// <exception cref="InvalidOperationException">This is not an ok result.</exception>
    public NgResult WithStatistics(NgCallStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        RequireOk();
        return new NgResult(Kind, Sdp, Warning, Reason, statistics);
    }

    /// <summary>
    /// The reply dictionary: <c>result</c> (<c>ok</c>, <c>pong</c>, <c>error</c> or <c>load limit</c>) and,
    /// as they apply, <c>sdp</c>, <c>warning</c>, the statistics keys, <c>error-reason</c> or <c>message</c>.
    /// </summary>
    public BencodeValue ToBencode()
    {
        var entries = new List<KeyValuePair<string, BencodeValue>>();
        switch (Kind)
        {
            case NgResultKind.Pong:
                entries.Add(new("result", BencodeValue.FromString("pong")));
                break;
            case NgResultKind.Error:
                entries.Add(new("result", BencodeValue.FromString("error")));
                entries.Add(new("error-reason", BencodeValue.FromString(Reason!)));
                break;
            case NgResultKind.LoadLimit:
                entries.Add(new("result", BencodeValue.FromString("load limit")));
                if (Reason is not null)
                {
                    entries.Add(new("message", BencodeValue.FromString(Reason)));
                }

                break;
            default:
                entries.Add(new("result", BencodeValue.FromString("ok")));
                if (Sdp is { } sdp)
                {
                    entries.Add(new("sdp", BencodeValue.FromBytes(sdp)));
                }

                if (Warning is not null)
                {
                    entries.Add(new("warning", BencodeValue.FromString(Warning)));
                }

                if (Statistics is not null)
                {
                    entries.AddRange(Statistics.ToEntries());
                }

                break;
        }

        return BencodeValue.FromDictionary(entries);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        NgResultKind.Ok => "ok" + (Sdp is { } sdp ? $" sdp=<{sdp.Length} bytes>" : "") + (Warning is null ? "" : $" warning={Warning}"),
        NgResultKind.Pong => "pong",
        NgResultKind.Error => $"error: {Reason}",
        _ => "load limit" + (Reason is null ? "" : $": {Reason}"),
    };

    private void RequireOk()
    {
        if (Kind != NgResultKind.Ok)
        {
            throw new InvalidOperationException($"Only an ok result carries a warning or statistics, not {Kind}.");
        }
    }
}
