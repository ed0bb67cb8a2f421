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
/// <see cref="NativeOpus"/>) decodes at <see cref="SampleRate"/> itself. The managed codec always
/// runs at 48 kHz and a <see cref="PolyphaseResampler"/> brings its output down to a lower
/// <see cref="SampleRate"/>: Concentus 2.2.2 decodes hybrid-mode packets (TOC configurations
/// 12 to 15, which browsers send by default) to silence when asked for a rate below 48 kHz
/// (its issue #67). The resampler adds its <see cref="PolyphaseResampler.Latency"/>.
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

    private readonly IOpusDecoder? _decoder;
    private readonly PolyphaseResampler? _resampler;
    private readonly short[]? _codecPcm;
    private readonly int _codecRate;
    private nint _native;

    /// <summary>Whether this decoder runs the host's native libopus (else the managed port).</summary>
    public bool IsNative => _decoder is null;

    /// <summary>Creates a decoder that outputs mono PCM at <paramref name="sampleRate"/>.</summary>
    /// <param name="sampleRate">8,000, 12,000, 16,000, 24,000 or 48,000 Hz.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not an Opus rate.</exception>
    public OpusAudioDecoder(int sampleRate = CodecRate)
    {
        OpusRates.ThrowIfUnsupported(sampleRate, nameof(sampleRate));
        SampleRate = sampleRate;
        MaxFrameSamples = sampleRate * OpusRates.MaxPacketMilliseconds / 1000;
        if (NativeOpus.IsAvailable)
        {
            _native = NativeOpus.CreateDecoder(sampleRate, 1);
            _codecRate = sampleRate;
            return;
        }

        _decoder = OpusCodecFactory.CreateDecoder(CodecRate, 1);
        _codecRate = CodecRate;
        if (sampleRate != CodecRate)
        {
            _resampler = new PolyphaseResampler(CodecRate, sampleRate);
            _codecPcm = new short[CodecRate * OpusRates.MaxPacketMilliseconds / 1000];
        }
    }

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

    // Runs the 48 kHz codec for `samples` output samples (a multiple of 2.5 ms, so the resampler
    // returns exactly that many) and brings the result to SampleRate.
    private bool TryRun(ReadOnlySpan<byte> payload, Span<short> pcm, int samples, bool fec, out int samplesWritten)
    {
        samplesWritten = 0;
        int codecSamples = samples * (_codecRate / SampleRate);
        Span<short> target = _codecPcm is null ? pcm : _codecPcm;
        int decoded;
        if (_decoder is null)
        {
            ObjectDisposedException.ThrowIf(_native == 0, this);
            decoded = NativeOpus.Decode(_native, payload, target, codecSamples, fec);
        }
        else
        {
            try
            {
                decoded = _decoder.Decode(payload, target, codecSamples, fec);
            }
            catch (OpusException)
            {
                // The managed port reports a corrupt stream by throwing; only bad packets pay for it.
                return false;
            }
        }

        if (decoded <= 0)
        {
            return false;
        }

        samplesWritten = _resampler is null ? decoded : _resampler.Process(target[..decoded], pcm);
        return true;
    }
}
