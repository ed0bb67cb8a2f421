using Concentus;
using Concentus.Structs;

namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// Mono Opus decoder (RFC 6716) over the host's libopus or Concentus, writing into caller buffers, with packet-loss
/// concealment and in-band FEC recovery.
/// </summary>
/// <remarks>
/// <para>
/// Any Opus stream decodes at any of the Opus sample rates. A native libopus (Linux, see
/// <see cref="NativeOpus"/>) decodes at <see cref="SampleRate"/> itself. The managed codec (Concentus 2.2.2)
/// decodes SILK-only and CELT-only packets at <see cref="SampleRate"/> too, but hybrid packets (TOC
/// configurations 12 to 15, which browsers send by default) come out as silence below 48 kHz (its issue #67).
/// So below 48 kHz a managed decoder starts at <see cref="SampleRate"/> and, from the first hybrid packet on,
/// decodes at 48 kHz and brings the result down with a <see cref="PolyphaseResampler"/> (adding its
/// <see cref="PolyphaseResampler.Latency"/>). The switch is made once per stream, not per packet, so the codec
/// state carries across every later mode change; a stream that never sends hybrid packets (an endpoint told
/// <c>maxplaybackrate</c> of 16 kHz or less, see <c>docs/media-codecs.md</c>) never pays for the 48 kHz decode.
/// </para>
/// <para>
/// For a lost packet call <see cref="Conceal"/>; when the packet after a loss has arrived,
/// <see cref="TryRecover"/> rebuilds the lost one from that packet's forward error correction data
/// (falling back to concealment when it carries none), and the packet itself is then decoded as
/// usual. A malformed packet is a protocol outcome (<see cref="TryDecode"/> returns
/// <see langword="false"/>), not an exception.
/// </para>
/// <para>
/// This type allocates nothing per frame, nor does libopus; the managed Concentus port allocates
/// scratch inside each decode call. One instance per stream; not thread-safe.
/// </para>
/// </remarks>
public sealed class OpusAudioDecoder : IAudioDecoder, IDisposable
{
    private const int CodecRate = 48000;

    // Managed: the 48 kHz decoder hybrid packets need (with its resampler below SampleRate) and, below 48 kHz, a
    // decoder at SampleRate for every other packet until the first hybrid one. Both null with libopus.
    private readonly IOpusDecoder? _decoder;
    private readonly PolyphaseResampler? _resampler;
    private readonly short[]? _codecPcm;
    private readonly IOpusDecoder? _direct;
    private bool _hybridSeen;
    private nint _native;

    /// <summary>Whether this decoder runs the host's native libopus (else the managed port).</summary>
    public bool IsNative => _decoder is null;

    /// <summary>Creates a decoder that outputs mono PCM at <paramref name="sampleRate"/>.</summary>
    /// <param name="sampleRate">8,000, 12,000, 16,000, 24,000 or 48,000 Hz.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not an Opus rate.</exception>
    public OpusAudioDecoder(int sampleRate = CodecRate)
        : this(sampleRate, ResamplerOptions.Default)
    {
    }

    /// <summary>Creates a decoder that outputs mono PCM at <paramref name="sampleRate"/>.</summary>
    /// <param name="sampleRate">8,000, 12,000, 16,000, 24,000 or 48,000 Hz.</param>
    /// <param name="resampler">Design of the 48 kHz to <paramref name="sampleRate"/> filter the managed codec uses for hybrid packets.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not an Opus rate, or a filter setting is out of range.</exception>
    public OpusAudioDecoder(int sampleRate, ResamplerOptions resampler)
        : this(sampleRate, resampler, NativeOpus.IsAvailable)
    {
    }

    /// <summary>Creates a decoder on libopus (<paramref name="native"/>, which must be available) or on Concentus.</summary>
    internal OpusAudioDecoder(int sampleRate, ResamplerOptions resampler, bool native)
    {
        OpusRates.ThrowIfUnsupported(sampleRate, nameof(sampleRate));
        ArgumentNullException.ThrowIfNull(resampler);
        SampleRate = sampleRate;
        MaxFrameSamples = sampleRate * OpusRates.MaxPacketMilliseconds / 1000;
        if (native)
        {
            _native = NativeOpus.CreateDecoder(sampleRate, 1);
            return;
        }

        _decoder = OpusCodecFactory.CreateDecoder(CodecRate, 1);
        if (sampleRate != CodecRate)
        {
            _direct = OpusCodecFactory.CreateDecoder(sampleRate, 1);
            _resampler = new PolyphaseResampler(CodecRate, sampleRate, resampler);
            _codecPcm = new short[CodecRate * OpusRates.MaxPacketMilliseconds / 1000];
        }
    }

    /// <summary>
    /// Whether the managed codec now decodes at 48 kHz and resamples (it has seen a hybrid packet below 48 kHz, or
    /// the decoder runs at 48 kHz); <see langword="false"/> while it decodes straight at <see cref="SampleRate"/>, and with libopus.
    /// </summary>
    public bool DecodesAt48kHz => _decoder is not null && (_direct is null || _hybridSeen);

    /// <summary>Always <see cref="AudioCodec.Opus"/>.</summary>
    public AudioCodec Codec => AudioCodec.Opus;

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <summary>Samples in the longest Opus packet (120 ms) at <see cref="SampleRate"/>: a PCM buffer this long decodes any packet.</summary>
    public int MaxFrameSamples { get; }

    /// <summary>Decodes one packet.</summary>
    /// <param name="payload">The Opus packet (RTP payload).</param>
    /// <param name="pcm">Destination; must hold the packet's duration (<see cref="MaxFrameSamples"/> always does).</param>
    /// <param name="samplesWritten">Number of samples decoded.</param>
    /// <returns><see langword="false"/> when the packet is malformed or lasts longer than <paramref name="pcm"/> holds.</returns>
    public bool TryDecode(ReadOnlySpan<byte> payload, Span<short> pcm, out int samplesWritten)
    {
        samplesWritten = 0;
        if (payload.IsEmpty)
        {
            return false;
        }

        int samples = OpusPacketInfo.GetNumSamples(payload, SampleRate);
        if (samples <= 0 || samples > pcm.Length)
        {
            return false;
        }

        return TryRun(payload, pcm, samples, fec: false, out samplesWritten);
    }

    /// <summary>Conceals a lost stretch (packet-loss concealment: extrapolates the last audio, then fades).</summary>
    /// <param name="pcm">Destination; its length, a multiple of 2.5 ms up to 120 ms, is the duration lost.</param>
    /// <returns><c>pcm.Length</c>.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of 2.5 ms up to 120 ms.</exception>
    public int Conceal(Span<short> pcm)
    {
        ThrowIfNotConcealLength(pcm);
        if (!TryRun(ReadOnlySpan<byte>.Empty, pcm, pcm.Length, fec: false, out _))
        {
            pcm.Clear();
        }

        return pcm.Length;
    }

    /// <summary>
    /// Rebuilds the lost stretch just before <paramref name="nextPayload"/> from that packet's in-band
    /// FEC data; without FEC data in it this is <see cref="Conceal"/>. Decode
    /// <paramref name="nextPayload"/> itself afterwards with <see cref="TryDecode"/>.
    /// </summary>
    /// <param name="nextPayload">The packet received after the loss.</param>
    /// <param name="pcm">Destination; its length, a multiple of 2.5 ms up to 120 ms, is the duration lost.</param>
    /// <param name="samplesWritten"><c>pcm.Length</c> on success.</param>
    /// <returns><see langword="false"/> when <paramref name="nextPayload"/> is malformed (nothing written).</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of 2.5 ms up to 120 ms.</exception>
    public bool TryRecover(ReadOnlySpan<byte> nextPayload, Span<short> pcm, out int samplesWritten)
    {
        ThrowIfNotConcealLength(pcm);
        samplesWritten = 0;
        if (nextPayload.IsEmpty || OpusPacketInfo.GetNumSamples(nextPayload, SampleRate) <= 0)
        {
            return false;
        }

        return TryRun(nextPayload, pcm, pcm.Length, fec: true, out samplesWritten);
    }

    /// <summary>Forgets the stream, as if the decoder were new.</summary>
    public void Reset()
    {
        if (_decoder is not null)
        {
            _decoder.ResetState();
            _direct?.ResetState();
            _hybridSeen = false;
        }
        else if (_native != 0)
        {
            NativeOpus.DecoderReset(_native);
        }

        _resampler?.Reset();
    }

    /// <summary>Releases the codec (a native handle when libopus is used).</summary>
    public void Dispose()
    {
        _decoder?.Dispose();
        _direct?.Dispose();
        var native = Interlocked.Exchange(ref _native, 0);
        if (native != 0)
        {
            NativeOpus.DestroyDecoder(native);
        }
    }

    private void ThrowIfNotConcealLength(Span<short> pcm)
    {
        if (!OpusRates.IsConcealLength(pcm.Length, SampleRate))
        {
            throw new ArgumentException("The stretch to conceal must be a multiple of 2.5 ms, up to 120 ms.", nameof(pcm));
        }
    }

    // Runs the codec for `samples` output samples (a multiple of 2.5 ms, so the resampler returns exactly that many
    // on the 48 kHz path) and brings the result to SampleRate.
    private bool TryRun(ReadOnlySpan<byte> payload, Span<short> pcm, int samples, bool fec, out int samplesWritten)
    {
        samplesWritten = 0;
        int decoded;
        if (_decoder is null)
        {
            ObjectDisposedException.ThrowIf(_native == 0, this);
            decoded = NativeOpus.Decode(_native, payload, pcm, samples, fec);
            samplesWritten = Math.Max(decoded, 0);
            return decoded > 0;
        }

        // From the first hybrid packet on the 48 kHz decoder, for good: switching back and forth would restart the
        // codec state at each switch.
        _hybridSeen |= _direct is not null && !payload.IsEmpty && IsHybrid(payload[0]);
        bool direct = _direct is not null && !_hybridSeen;
        int codecSamples = direct ? samples : samples * (CodecRate / SampleRate);
        Span<short> target = direct || _codecPcm is null ? pcm : _codecPcm;
        try
        {
            decoded = (direct ? _direct! : _decoder).Decode(payload, target, codecSamples, fec);
        }
        catch (OpusException)
        {
            // The managed port reports a corrupt stream by throwing; only bad packets pay for it.
            return false;
        }

        if (decoded <= 0)
        {
            return false;
        }

        samplesWritten = direct || _resampler is null ? decoded : _resampler.Process(target[..decoded], pcm);
        return true;
    }

    // TOC configurations 12-15 (RFC 6716 section 3.1): SILK and CELT layers together.
    private static bool IsHybrid(byte toc) => (toc >> 3) is >= 12 and <= 15;
}
