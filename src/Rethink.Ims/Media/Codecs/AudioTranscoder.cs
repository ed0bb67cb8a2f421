namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// Transcoder between PCMU, PCMA and Opus: decode, resample when the rates differ (a
/// <see cref="PolyphaseResampler"/>), encode, all into buffers made by the constructor.
/// </summary>
/// <remarks>
/// <para>
/// Opus for a G.711 target is decoded straight at 8 kHz, except that the managed codec decodes hybrid packets at
/// 48 kHz and resamples them (see <see cref="OpusAudioDecoder"/>). The Opus encoder takes the rate of
/// <see cref="AudioTranscoderOptions.OpusEncoder"/>. So Opus to PCMU is 8 kHz decode (or, managed and hybrid,
/// 48 kHz decode and 48-to-8 kHz resampling), µ-law; PCMU to Opus is µ-law, then Opus from 8 kHz by default (no
/// resampling), or 8-to-48 kHz resampling with a 48 kHz encoder.
/// </para>
/// <para>
/// Nothing here allocates per frame; the managed Opus codec does inside its calls (see
/// <c>docs/media-codecs.md</c>). One instance per stream direction; not thread-safe.
/// </para>
/// </remarks>
public sealed class AudioTranscoder : IAudioTranscoder
{
    private readonly IAudioDecoder _decoder;
    private readonly IAudioEncoder _encoder;
    private readonly PolyphaseResampler? _resampler;
    private readonly short[] _decoded;
    private readonly short[] _resampled;
    private readonly int _lostSamples;

    /// <summary>Creates a transcoder with default settings.</summary>
    /// <param name="source">Codec of the payloads going in.</param>
    /// <param name="target">Codec of the payloads coming out.</param>
    public AudioTranscoder(AudioCodec source, AudioCodec target)
        : this(source, target, new AudioTranscoderOptions())
    {
    }

    /// <summary>Creates a transcoder.</summary>
    /// <param name="source">Codec of the payloads going in.</param>
    /// <param name="target">Codec of the payloads coming out.</param>
    /// <param name="options">Settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A codec is unknown or a setting is out of range.</exception>
    public AudioTranscoder(AudioCodec source, AudioCodec target, AudioTranscoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double frameMs = options.FrameDuration.TotalMilliseconds;
        if (frameMs is not (10 or 20 or 40 or 60))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FrameDuration, "Frames last 10, 20, 40 or 60 ms.");
        }

        SourceCodec = source;
        TargetCodec = target;
        FrameDuration = options.FrameDuration;
        // Opus decodes straight to a G.711 target's 8 kHz: libopus always, the managed codec until the stream sends a
        // hybrid packet (then it decodes at 48 kHz and resamples inside OpusAudioDecoder, with this filter design).
        var decodeRate = target != AudioCodec.Opus ? 8000 : 48000;
        _decoder = source switch
        {
            AudioCodec.Opus => new OpusAudioDecoder(decodeRate, options.Resampler),
            _ => G711Decoder.For(source),
        };
        _encoder = target switch
        {
            AudioCodec.Opus => new OpusAudioEncoder(options.OpusEncoder),
            _ => G711Encoder.For(target),
        };

        if (_decoder.SampleRate != _encoder.SampleRate)
        {
            _resampler = new PolyphaseResampler(_decoder.SampleRate, _encoder.SampleRate, options.Resampler);
        }

        // Room for the longest Opus packet (120 ms) on both sides of the resampler.
        _decoded = new short[_decoder.SampleRate * OpusRates.MaxPacketMilliseconds / 1000];
        _resampled = new short[_encoder.SampleRate * OpusRates.MaxPacketMilliseconds / 1000];
        _lostSamples = (int)(_decoder.SampleRate * frameMs / 1000);
        MaxTargetPayloadBytes = target == AudioCodec.Opus ? 3 * OpusAudioEncoder.MaxFramePayloadBytes : _resampled.Length;
    }

    /// <inheritdoc />
    public AudioCodec SourceCodec { get; }

    /// <inheritdoc />
    public AudioCodec TargetCodec { get; }

    /// <inheritdoc />
    public TimeSpan FrameDuration { get; }

    /// <inheritdoc />
    public int MaxTargetPayloadBytes { get; }

    /// <inheritdoc />
    public bool TryTranscode(ReadOnlySpan<byte> sourcePayload, Span<byte> targetPayload, out int bytesWritten)
    {
        bytesWritten = 0;
        if (!_decoder.TryDecode(sourcePayload, _decoded, out int decoded) || !FitsTarget(decoded))
        {
            return false;
        }

        bytesWritten = Encode(decoded, targetPayload);
        return true;
    }

    /// <inheritdoc />
    public int TranscodeLost(Span<byte> targetPayload)
    {
        int concealed = _decoder.Conceal(_decoded.AsSpan(0, _lostSamples));
        return Encode(concealed, targetPayload);
    }

    /// <inheritdoc />
    public int TranscodeLost(ReadOnlySpan<byte> nextSourcePayload, Span<byte> targetPayload)
    {
        Span<short> lost = _decoded.AsSpan(0, _lostSamples);
        if (_decoder is OpusAudioDecoder opus && opus.TryRecover(nextSourcePayload, lost, out int recovered))
        {
            return Encode(recovered, targetPayload);
        }

        return TranscodeLost(targetPayload);
    }

    /// <inheritdoc />
    public void Reset()
    {
        (_decoder as OpusAudioDecoder)?.Reset();
        (_encoder as OpusAudioEncoder)?.Reset();
        _resampler?.Reset();
    }

    /// <summary>Releases the Opus codecs.</summary>
    public void Dispose()
    {
        (_decoder as IDisposable)?.Dispose();
        (_encoder as IDisposable)?.Dispose();
    }

    // Whether `decoded` samples at the decoder's rate make a whole number of samples at the encoder's
    // rate that the target codec can put in one payload.
    private bool FitsTarget(int decoded)
    {
        long scaled = (long)decoded * _encoder.SampleRate;
        if (scaled % _decoder.SampleRate != 0)
        {
            return false;
        }

        int samples = (int)(scaled / _decoder.SampleRate);
        return TargetCodec != AudioCodec.Opus || OpusRates.IsFrameLength(samples, _encoder.SampleRate);
    }

    private int Encode(int decoded, Span<byte> targetPayload)
    {
        ReadOnlySpan<short> pcm = _decoded.AsSpan(0, decoded);
        if (_resampler is not null)
        {
            int resampled = _resampler.Process(pcm, _resampled);
            pcm = _resampled.AsSpan(0, resampled);
        }

        return _encoder.Encode(pcm, targetPayload);
    }
}
