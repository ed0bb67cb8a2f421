namespace Rethink.Ims.Media.Control;

/// <summary>
/// Limits <see cref="BencodeReader"/> checks before it allocates anything for a value, so that a datagram
/// from the wire cannot make it use more memory or stack than these allow.
/// </summary>
public sealed class BencodeReaderOptions
{
    /// <summary>The limits used when none are given.</summary>
    public static BencodeReaderOptions Default { get; } = new();

    /// <summary>Longest input accepted, in bytes. Default 1 MiB (an ng datagram is at most 64 KiB).</summary>
    public int MaxInputLength { get; set; } = 1024 * 1024;

    /// <summary>Longest byte string, in bytes. Default 256 KiB.</summary>
    public int MaxStringLength { get; set; } = 256 * 1024;

    /// <summary>Deepest nesting of lists and dictionaries; the top-level dictionary is depth 1. Default 16.</summary>
    public int MaxDepth { get; set; } = 16;

    /// <summary>Most values in one input, counting every integer, string, list, dictionary and key. Default 10,000.</summary>
    public int MaxItems { get; set; } = 10_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is not positive (a configuration error).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInputLength, 1, nameof(MaxInputLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStringLength, 0, nameof(MaxStringLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxItems, 1, nameof(MaxItems));
    }
}
