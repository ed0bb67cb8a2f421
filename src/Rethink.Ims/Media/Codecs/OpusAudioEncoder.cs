using Concentus;
using ConcentusApplication = Concentus.Enums.OpusApplication;
using ConcentusBandwidth = Concentus.Enums.OpusBandwidth;

namespace Rethink.Ims.Media.Codecs;

/// <summary>Mono Opus encoder (RFC 6716) over Concentus, writing into caller buffers.</summary>
/// <remarks>
/// <para>
/// The host's libopus when it has one (Linux, see <see cref="NativeOpus"/>), the managed Concentus
/// port otherwise. This type allocates nothing per frame, nor does libopus; the managed port
/// allocates scratch arrays inside each encode call (measured in <c>docs/media-codecs.md</c>).
/// </para>
/// <para>One instance per stream; not thread-safe.</para>
/// </remarks>
public sealed class OpusAudioEncoder : IAudioEncoder, IDisposable
{
    /// <summary>The largest payload one Opus frame can need, in bytes (RFC 6716 section 3.2.1).</summary>
    public const int MaxFramePayloadBytes = 1275;

    private readonly IOpusEncoder? _encoder;
    private nint _native;
    private int _bitrate;

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
        _bitrate = options.Bitrate;
        if (NativeOpus.IsAvailable)
        {
            _native = NativeOpus.CreateEncoder(options.SampleRate, 1, ToNative(options.Application));
            NativeOpus.EncoderCtl(_native, NativeOpus.SetBitrate, options.Bitrate);
            NativeOpus.EncoderCtl(_native, NativeOpus.SetComplexity, options.Complexity);
            NativeOpus.EncoderCtl(_native, NativeOpus.SetInbandFec, options.UseInbandFec ? 1 : 0);
            NativeOpus.EncoderCtl(_native, NativeOpus.SetPacketLossPercent, options.PacketLossPercent);
            NativeOpus.EncoderCtl(_native, NativeOpus.SetVbr, options.UseVbr ? 1 : 0);
            NativeOpus.EncoderCtl(_native, NativeOpus.SetDtx, options.UseDtx ? 1 : 0);
            if (options.MaxBandwidth is { } limit)
            {
                NativeOpus.EncoderCtl(_native, NativeOpus.SetMaxBandwidth, ToNative(limit));
            }

            return;
        }

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

    /// <summary>Whether this encoder runs the host's native libopus (else the managed port).</summary>
    public bool IsNative => _encoder is null;

    /// <summary>The settings this encoder was made with.</summary>
    public OpusEncoderOptions Options { get; }

    /// <summary>Always <see cref="AudioCodec.Opus"/>.</summary>
    public AudioCodec Codec => AudioCodec.Opus;

    /// <inheritdoc />
    public int SampleRate => Options.SampleRate;

    /// <summary>Current target bitrate in bits per second; can change between frames (congestion control).</summary>
    public int Bitrate
    {
        get => _encoder?.Bitrate ?? _bitrate;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 6000);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 510000);
            _bitrate = value;
            if (_encoder is not null)
            {
                _encoder.Bitrate = value;
            }
            else
            {
                NativeOpus.EncoderCtl(_native, NativeOpus.SetBitrate, value);
            }
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

        var max = Math.Min(payload.Length, 3 * MaxFramePayloadBytes);
        if (_encoder is not null)
        {
            return _encoder.Encode(pcm, pcm.Length, payload, max);
        }

        ObjectDisposedException.ThrowIf(_native == 0, this);
        var written = NativeOpus.Encode(_native, pcm, pcm.Length, payload, max);
        return written >= 0 ? written : throw new ArgumentException($"libopus could not encode the frame (error {written}).", nameof(payload));
    }

    /// <summary>Forgets the stream, as if the encoder were new (settings kept).</summary>
    public void Reset()
    {
        if (_encoder is not null)
        {
            _encoder.ResetState();
        }
        else if (_native != 0)
        {
            NativeOpus.EncoderReset(_native);
        }
    }

    /// <summary>Releases the codec (a native handle when libopus is used).</summary>
    public void Dispose()
    {
        _encoder?.Dispose();
        var native = Interlocked.Exchange(ref _native, 0);
        if (native != 0)
        {
            NativeOpus.DestroyEncoder(native);
        }
    }

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

    // The libopus API's numbers (opus_defines.h).
    private static int ToNative(OpusApplication application) => application switch
    {
        OpusApplication.Voip => 2048,
        OpusApplication.Audio => 2049,
        OpusApplication.RestrictedLowDelay => 2051,
        _ => throw new ArgumentOutOfRangeException(nameof(application), application, null),
    };

    private static int ToNative(OpusBandwidth bandwidth) => bandwidth switch
    {
        OpusBandwidth.Narrowband => 1101,
        OpusBandwidth.Mediumband => 1102,
        OpusBandwidth.Wideband => 1103,
        OpusBandwidth.SuperWideband => 1104,
        OpusBandwidth.Fullband => 1105,
        _ => throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, null),
    };
}
