namespace Rethink.Ims.Media.Codecs;

/// <summary>What an Opus encoder is tuned for (libopus' <c>OPUS_APPLICATION_*</c>).</summary>
public enum OpusApplication
{
    /// <summary>Speech intelligibility first; the usual choice for calls.</summary>
    Voip,

    /// <summary>Fidelity to any input, music included.</summary>
    Audio,

    /// <summary>CELT only, lowest delay and CPU, no in-band FEC.</summary>
    RestrictedLowDelay,
}
