using System.Globalization;
using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// One registered contact of an address-of-record. Plain data only (strings, numbers, times), so a shared store can
/// serialise it; the flow is named by its id, never referenced.
/// </summary>
public sealed record SipBinding
{
    /// <summary>The canonical address-of-record (<c>sip:user@host</c>) the binding is filed under.</summary>
    public required string Aor { get; init; }

    /// <summary>The contact URI exactly as received (escapes, URI parameters and headers kept).</summary>
    public required string ContactUri { get; init; }

    /// <summary>The display name as written (quotes kept), or empty.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>The contact parameters as written, without <c>expires</c> (each with its leading <c>;</c>), or empty.</summary>
    public string ContactParameters { get; init; } = string.Empty;

    /// <summary>When the binding lapses.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When this binding was last written (added or refreshed).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The Call-ID of the REGISTER that last wrote the binding.</summary>
    public required string CallId { get; init; }

    /// <summary>The CSeq number of the REGISTER that last wrote the binding.</summary>
    public required uint CSeq { get; init; }

    /// <summary>The q parameter (0 to 1), or null when absent (no default is assumed).</summary>
    public double? Q { get; init; }

    /// <summary>The <c>+sip.instance</c> value unquoted (e.g. <c>&lt;urn:uuid:...&gt;</c>), or null.</summary>
    public string? Instance { get; init; }

    /// <summary>The RFC 5626 reg-id, or null.</summary>
    public uint? RegId { get; init; }

    /// <summary>True when the binding was registered with RFC 5626 outbound (instance, reg-id and <c>Supported: outbound</c>).</summary>
    public bool IsOutbound { get; init; }

    /// <summary>The Path values of the REGISTER (RFC 3327), topmost first, as written; empty when none.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>The id of the connection (flow) the REGISTER came over, or null.</summary>
    public string? FlowId { get; init; }

    /// <summary>The transport the REGISTER came over.</summary>
    public SipTransportKind Transport { get; init; }

    /// <summary>The source address of the REGISTER (<c>ip:port</c>), or null.</summary>
    public string? SourceEndPoint { get; init; }

    /// <summary>True when the flow the binding depends on has closed and <see cref="DeadFlowPolicy.MarkUnreachable"/> kept it.</summary>
    public bool IsFlowClosed { get; init; }

    /// <summary>Seconds left before the binding lapses at <paramref name="now"/> (rounded down, never negative).</summary>
    public long RemainingSeconds(DateTimeOffset now) =>
        ExpiresAt <= now ? 0 : (long)Math.Floor((ExpiresAt - now).TotalSeconds);

    /// <summary>True while the binding has not lapsed at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => ExpiresAt > now;

    /// <summary>
    /// The Contact value a 200 lists for this binding: the display name, the URI in angle brackets exactly as
    /// received, the contact parameters as received and <c>;expires=</c> with the remaining seconds.
    /// </summary>
    public string ToContactValue(DateTimeOffset now)
    {
        var length = DisplayName.Length + ContactUri.Length + ContactParameters.Length + 32;
        var buffer = new char[length];
        TryFormatContactValue(buffer, now, out var written);
        return new string(buffer, 0, written);
    }

    /// <summary><see cref="ToContactValue"/> into <paramref name="destination"/>; false when it does not fit.</summary>
    internal bool TryFormatContactValue(Span<char> destination, DateTimeOffset now, out int written) =>
        TryFormatContactValue(destination, now, string.Empty, out written);

    /// <summary><see cref="ToContactValue"/> followed by <paramref name="extra"/> (parameters the registrar adds, such as GRUUs).</summary>
    internal bool TryFormatContactValue(Span<char> destination, DateTimeOffset now, string extra, out int written) =>
        DisplayName.Length > 0
            ? destination.TryWrite(CultureInfo.InvariantCulture, $"{DisplayName} <{ContactUri}>{ContactParameters};expires={RemainingSeconds(now)}{extra}", out written)
            : destination.TryWrite(CultureInfo.InvariantCulture, $"<{ContactUri}>{ContactParameters};expires={RemainingSeconds(now)}{extra}", out written);
}
