namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// Limits the parser enforces before doing any work, so that a hostile peer cannot make it allocate
/// without bound. The defaults fit any real offer (a Chrome audio+video offer is about 6 KB, 150 lines).
/// </summary>
public sealed record SdpParserOptions
{
    /// <summary>The default limits.</summary>
    public static SdpParserOptions Default { get; } = new();

    /// <summary>Maximum input length in bytes (UTF-8 input) or characters (text input). Default 65536.</summary>
    public int MaxLength { get; init; } = 65536;

    /// <summary>Maximum number of lines, blank ones included. Default 2000.</summary>
    public int MaxLines { get; init; } = 2000;

    /// <summary>Maximum number of <c>m=</c> lines. Default 64.</summary>
    public int MaxMediaDescriptions { get; init; } = 64;
}
