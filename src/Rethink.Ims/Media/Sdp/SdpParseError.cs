using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>Why and where SDP text was refused.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Line">The 1-based line number where it was found (0 when the input as a whole is refused).</param>
public readonly record struct SdpParseError(SdpParseErrorKind Kind, int Line)
{
    /// <summary>No error.</summary>
    public static SdpParseError None => default;

    /// <summary>A short developer-facing description, for example <c>line 3: InvalidOrigin</c>. Never quotes the input.</summary>
    public override string ToString() => Line > 0
        ? string.Create(CultureInfo.InvariantCulture, $"line {Line}: {Kind}")
        : Kind.ToString();
}
