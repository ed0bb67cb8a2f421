namespace Rethink.Ims.Media.Codecs;

/// <summary>Settings of an <see cref="AudioTranscoder"/>.</summary>
public sealed record AudioTranscoderOptions
{
    /// <summary>
    /// Duration of the frames the transcoder conceals and expects: 10, 20 (default), 40 or 60 ms.
    /// Source payloads may last any Opus frame duration; this fixes the length of concealment.
    /// </summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Settings of the Opus encoder when the target is Opus. Its <see cref="OpusEncoderOptions.SampleRate"/>
    /// is the rate the pipeline resamples to before encoding. The default encodes at 8 kHz: audio that
    /// came from G.711 has nothing above 4 kHz, and narrowband Opus from 8 kHz input costs less than
    /// half the CPU of a 48 kHz encode, in smaller packets (see <c>docs/media-codecs.md</c>).
    /// </summary>
    public OpusEncoderOptions OpusEncoder { get; init; } = new() { SampleRate = 8000 };

    /// <summary>Design of the resampling filter used when the decoder's and the encoder's rates differ.</summary>
    public ResamplerOptions Resampler { get; init; } = ResamplerOptions.Default;
}
