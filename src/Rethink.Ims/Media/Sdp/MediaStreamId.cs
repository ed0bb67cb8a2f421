using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830), for example <c>a=msid:- 7a5c...</c>
/// (Chrome's form for a track without a stream).
/// </summary>
/// <param name="StreamId">The MediaStream id, or <c>-</c> for none.</param>
/// <param name="TrackId">The application data (track id), or null.</param>
public sealed record MediaStreamId(string StreamId, string? TrackId = null)
{
    /// <summary>Parses the value after <c>a=msid:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out MediaStreamId? msid)
    {
        msid = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var stream))
        {
            return false;
        }

        ReadOnlySpan<char> track = default;
        if (!reader.AtEnd && (!reader.TryRead(out track) || !reader.AtEnd))
        {
            return false;
        }

        msid = new MediaStreamId(stream.ToString(), track.IsEmpty ? null : track.ToString());
        return true;
    }

    /// <summary>The value after <c>a=msid:</c>.</summary>
    public string FormatValue() => TrackId is null ? StreamId : StreamId + " " + TrackId;

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Msid, FormatValue());

    /// <summary>The line as <c>a=msid:...</c>.</summary>
    public override string ToString() => "a=msid:" + FormatValue();
}
