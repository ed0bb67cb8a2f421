namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// Reads space-separated words from a field value without allocating. Runs of spaces count as one
/// separator, so slightly sloppy input still parses (and is written back with single spaces).
/// </summary>
internal ref struct SdpWordReader
{
    private ReadOnlySpan<char> rest;

    public SdpWordReader(ReadOnlySpan<char> text) => rest = text;

    /// <summary>What is left after the words read so far, without leading spaces.</summary>
    public readonly ReadOnlySpan<char> Rest => rest.TrimStart(' ');

    /// <summary>Whether only spaces (or nothing) remain.</summary>
    public readonly bool AtEnd => Rest.IsEmpty;

    /// <summary>Reads the next word; false when none is left.</summary>
    public bool TryRead(out ReadOnlySpan<char> word)
    {
        rest = rest.TrimStart(' ');
        if (rest.IsEmpty)
        {
            word = default;
            return false;
        }

        var space = rest.IndexOf(' ');
        if (space < 0)
        {
            word = rest;
            rest = default;
        }
        else
        {
            word = rest[..space];
            rest = rest[(space + 1)..];
        }

        return true;
    }
}
