namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// Design of the anti-aliasing (decimation) or anti-imaging (interpolation) low-pass filter of a
/// <see cref="PolyphaseResampler"/>.
/// </summary>
/// <remarks>
/// The stopband starts at the Nyquist frequency of the lower of the two rates (4 kHz between 8 and
/// 48 kHz); the passband ends at <see cref="PassbandEdge"/> times that (3.4 kHz by default, the
/// telephone band). The filter is a Kaiser-windowed sinc whose length follows from the attenuation
/// and that transition width.
/// </remarks>
public sealed class ResamplerOptions
{
    /// <summary>Defaults: 70 dB stopband attenuation, passband to 0.85 of the lower Nyquist frequency.</summary>
    public static ResamplerOptions Default { get; } = new();

    /// <summary>
    /// Stopband attenuation in dB, between 20 and 150. Default 70, which leaves 10 dB of margin over the
    /// 60 dB that telephony resampling asks for. Longer filters follow from higher values.
    /// </summary>
    public double StopbandAttenuationDb { get; init; } = 70;

    /// <summary>
    /// End of the passband as a fraction of the lower rate's Nyquist frequency, greater than 0.5 and
    /// less than 1. Default 0.85 (3.4 kHz at 8 kHz, 6.8 kHz at 16 kHz).
    /// </summary>
    public double PassbandEdge { get; init; } = 0.85;
}
