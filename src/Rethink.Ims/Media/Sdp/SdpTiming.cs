using System.Collections.Immutable;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A <c>t=</c> line with the <c>r=</c> lines that follow it. Start and stop are NTP seconds; <c>t=0 0</c>
/// (the usual value in SIP and WebRTC) means an unbounded session. Repeat lines are kept as text.
/// </summary>
public sealed record SdpTiming
{
    private readonly ImmutableArray<string> repeats = [];

    /// <summary>Creates a timing.</summary>
    public SdpTiming(ulong start, ulong stop)
    {
        Start = start;
        Stop = stop;
    }

    /// <summary><c>t=0 0</c>: an unbounded, permanent session.</summary>
    public static SdpTiming Unbounded { get; } = new(0, 0);

    /// <summary>Start time (NTP seconds), 0 for unbounded.</summary>
    public ulong Start { get; init; }

    /// <summary>Stop time (NTP seconds), 0 for unbounded.</summary>
    public ulong Stop { get; init; }

    /// <summary>The values of the <c>r=</c> lines after this <c>t=</c> line, in order.</summary>
    public ImmutableArray<string> Repeats
    {
        get => repeats;
        init => repeats = SdpSyntax.RequireAll(value, v => SdpSyntax.IsText(v), nameof(Repeats));
    }

    /// <inheritdoc />
    public bool Equals(SdpTiming? other) =>
        other is not null && Start == other.Start && Stop == other.Stop && repeats.SequenceEqual(other.repeats);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, Stop, repeats.Length);
}
