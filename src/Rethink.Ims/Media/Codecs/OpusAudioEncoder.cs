using Concentus;
using ConcentusApplication = Concentus.Enums.OpusApplication;
using ConcentusBandwidth = Concentus.Enums.OpusBandwidth;

namespace Rethink.Ims.Media.Codecs;

/// <summary>Mono Opus encoder (RFC 6716) over Concentus, writing into caller buffers.</summary>
/// <remarks>
/// <para>
/// <see cref="OpusCodecFactory"/> picks a native libopus when the host provides one and the managed
/// Concentus port otherwise. This type allocates nothing per frame; the managed port itself
/// allocates scratch arrays inside each encode call (measured in <c>docs/media-codecs.md</c>).
/// </para>
/// <para>One instance per stream; not thread-safe.</para>
/// </remarks>
public sealed class OpusAudioEncoder : IAudioEncoder, IDisposable
{
    /// <summary>The largest payload one Opus frame can need, in bytes (RFC 6716 section 3.2.1).</summary>
    public const int MaxFramePayloadBytes = 1275;

    private readonly IOpusEncoder _encoder;

    /// <summary>Creates an encoder.</summary>
    /// <param name="options">Settings; validated here.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public OpusAudioEncoder(OpusEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpusRates.ThrowIfUnsupported(options.SampleRate, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Bitrate, 6000, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Bitrate, 510000, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Complexity, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Complexity, 10, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.PacketLossPercent, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PacketLossPercent, 100, nameof(options));

        Options = options;
        _encoder = OpusCodecFactory.CreateEncoder(options.SampleRate, 1, ToConcentus(options.Application));
        _encoder.Bitrate = options.Bitrate;
        _encoder.Complexity = options.Complexity;
        _encoder.UseInbandFEC = options.UseInbandFec;
        _encoder.PacketLossPercent = options.PacketLossPercent;
        _encoder.UseVBR = options.UseVbr;
        _encoder.UseDTX = options.UseDtx;
        if (options.MaxBandwidth is { } bandwidth)
        {
            _encoder.MaxBandwidth = ToConcentus(bandwidth);
        }
    }

    /// <summary>The settings this encoder was made with.</summary>
    public OpusEncoderOptions Options { get; }

    /// <summary>Always <see cref="AudioCodec.Opus"/>.</summary>
    public AudioCodec Codec => AudioCodec.Opus;

    /// <inheritdoc />
    public int SampleRate => Options.SampleRate;

    /// <summary>Current target bitrate in bits per second; can change between frames (congestion control).</summary>
    public int Bitrate
    {
        get => _encoder.Bitrate;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 6000);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 510000);
            _encoder.Bitrate = value;
        }
    }

    /// <summary>Encodes one frame of 2.5, 5, 10, 20, 40 or 60 ms.</summary>
    /// <param name="pcm">The frame at <see cref="SampleRate"/> (960 samples for 20 ms at 48 kHz).</param>
    /// <param name="payload">
    /// Destination; <see cref="MaxFramePayloadBytes"/> always suffices for a frame of up to 20 ms.
    /// A smaller buffer caps the packet size.
    /// </param>
    /// <returns>Number of bytes written.</returns>
    /// <exception cref="ArgumentException">The frame length is not an Opus frame duration, or <paramref name="payload"/> is empty.</exception>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (!OpusRates.IsFrameLength(pcm.Length, SampleRate))
        {
            throw new ArgumentException("The frame must last 2.5, 5, 10, 20, 40 or 60 ms.", nameof(pcm));
        }

        if (payload.IsEmpty)
        {
            throw new ArgumentException("The payload buffer is empty.", nameof(payload));
        }

        return _encoder.Encode(pcm, pcm.Length, payload, Math.Min(payload.Length, 3 * MaxFramePayloadBytes));
    }

    /// <summary>Forgets the stream, as if the encoder were new (settings kept).</summary>
    public void Reset() => _encoder.ResetState();

    /// <summary>Releases the codec (a native handle when libopus is used).</summary>
    public void Dispose() => _encoder.Dispose();

    private static ConcentusApplication ToConcentus(OpusApplication application) => application switch
    {
        OpusApplication.Voip => ConcentusApplication.OPUS_APPLICATION_VOIP,
        OpusApplication.Audio => ConcentusApplication.OPUS_APPLICATION_AUDIO,
        OpusApplication.RestrictedLowDelay => ConcentusApplication.OPUS_APPLICATION_RESTRICTED_LOWDELAY,
        _ => throw new ArgumentOutOfRangeException(nameof(application), application, null),
    };

    private static ConcentusBandwidth ToConcentus(OpusBandwidth bandwidth) => bandwidth switch
    {
        OpusBandwidth.Narrowband => ConcentusBandwidth.OPUS_BANDWIDTH_NARROWBAND,
        OpusBandwidth.Mediumband => ConcentusBandwidth.OPUS_BANDWIDTH_MEDIUMBAND,
        OpusBandwidth.Wideband => ConcentusBandwidth.OPUS_BANDWIDTH_WIDEBAND,
        OpusBandwidth.SuperWideband => ConcentusBandwidth.OPUS_BANDWIDTH_SUPERWIDEBAND,
        OpusBandwidth.Fullband => ConcentusBandwidth.OPUS_BANDWIDTH_FULLBAND,
        _ => throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, null),
    };
}
