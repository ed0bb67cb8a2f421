namespace Rethink.Ims.Media.Codecs;

/// <summary>Audio bandwidth of an Opus stream.</summary>
public enum OpusBandwidth
{
    /// <summary>4 kHz audio bandwidth (8 kHz sampling), the telephone band.</summary>
    Narrowband,

    /// <summary>6 kHz audio bandwidth (12 kHz sampling).</summary>
    Mediumband,

    /// <summary>8 kHz audio bandwidth (16 kHz sampling).</summary>
    Wideband,

    /// <summary>12 kHz audio bandwidth (24 kHz sampling).</summary>
    SuperWideband,

    /// <summary>20 kHz audio bandwidth (48 kHz sampling).</summary>
    Fullband,
}
