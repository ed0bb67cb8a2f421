using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// Streaming rational-ratio resampler (for example 48 kHz to 8 kHz, 8 kHz to 48 kHz, 16 kHz to
/// 48 kHz): upsample by L, low-pass, downsample by M, computed as a polyphase FIR so only the
/// output samples are evaluated.
/// </summary>
/// <remarks>
/// <para>
/// The filter state (the last input samples) is kept between calls, so audio cut into frames of
/// any size gives exactly the same output as one call on the whole signal: no clicks at frame
/// boundaries. For 20 ms frames between 8, 16 and 48 kHz every call returns exactly one 20 ms frame
/// (160, 320 or 960 samples).
/// </para>
/// <para>
/// The filter is linear-phase, so the output lags the input by <see cref="Latency"/> (about 3.6 ms
/// between 48 and 8 kHz with the default design). All buffers are allocated by the constructor;
/// <see cref="Process(ReadOnlySpan{float}, Span{float})"/> and its 16-bit overload allocate nothing.
/// An instance keeps state for one stream and is not thread-safe.
/// </para>
/// </remarks>
public sealed class PolyphaseResampler
{
    // Input samples copied into the history per step: bounds the scratch size, not the input size.
    private const int ChunkSize = 1024;

    // Taps per phase are rounded up to this multiple so the dot product runs on whole vectors.
    private const int TapAlignment = 8;

    private readonly int _tapsPerPhase;

    // Phase p holds h[p + (K-1-k)L] at index p*K + k: reversed so it lines up with chronological history.
    private readonly float[] _phases;

    // Last K-1 inputs followed by the current chunk.
    private readonly float[] _history;

    // Output of one chunk before conversion to 16-bit.
    private readonly float[] _scratch;

    // Upsampled-domain time of the next output, counted from the first sample of the current chunk.
    private long _time;

    /// <summary>Creates a resampler with the default filter design (<see cref="ResamplerOptions.Default"/>).</summary>
    /// <param name="inputRate">Input sample rate in Hz.</param>
    /// <param name="outputRate">Output sample rate in Hz.</param>
    public PolyphaseResampler(int inputRate, int outputRate)
        : this(inputRate, outputRate, ResamplerOptions.Default)
    {
    }

    /// <summary>Creates a resampler.</summary>
    /// <param name="inputRate">Input sample rate in Hz.</param>
    /// <param name="outputRate">Output sample rate in Hz.</param>
    /// <param name="options">Filter design.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A rate is not positive, the reduced ratio needs more than 64 phases (for example 44,100 to
    /// 48,000), or an option is out of range.
    /// </exception>
    public PolyphaseResampler(int inputRate, int outputRate, ResamplerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StopbandAttenuationDb, 20, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.StopbandAttenuationDb, 150, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PassbandEdge, 0.5, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.PassbandEdge, 1.0, nameof(options));

        int divisor = (int)BigInteger.GreatestCommonDivisor(inputRate, outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        UpFactor = outputRate / divisor;
        DownFactor = inputRate / divisor;
        if (UpFactor > 64 || DownFactor > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(outputRate), "The rate ratio reduces to more than 64 phases.");
        }

        // Design at the upsampled rate. Stopband from the lower Nyquist frequency, passband to a fraction of it.
        double upsampledRate = (double)inputRate * UpFactor;
        double stopEdge = Math.Min(inputRate, outputRate) / 2.0;
        double passEdge = stopEdge * options.PassbandEdge;
        double cutoff = (passEdge + stopEdge) / 2 / upsampledRate;
        double transition = 2 * Math.PI * (stopEdge - passEdge) / upsampledRate;
        double attenuation = options.StopbandAttenuationDb;

        // Kaiser's length estimate, then whole vectors per phase.
        int estimate = (int)Math.Ceiling((attenuation - 7.95) / (2.285 * transition)) + 1;
        int perPhase = (estimate + UpFactor - 1) / UpFactor;
        _tapsPerPhase = (perPhase + TapAlignment - 1) / TapAlignment * TapAlignment;
        TapCount = _tapsPerPhase * UpFactor;

        double[] prototype = KaiserLowPass(TapCount, cutoff, KaiserBeta(attenuation));

        // Unity gain at DC after zero-stuffing: the taps of all phases sum to L.
        double sum = 0;
        foreach (double tap in prototype)
        {
            sum += tap;
        }

        _phases = new float[TapCount];
        for (int phase = 0; phase < UpFactor; phase++)
        {
            for (int k = 0; k < _tapsPerPhase; k++)
            {
                double tap = prototype[phase + ((_tapsPerPhase - 1 - k) * UpFactor)];
                _phases[(phase * _tapsPerPhase) + k] = (float)(tap * UpFactor / sum);
            }
        }

        _history = new float[_tapsPerPhase - 1 + ChunkSize];
        _scratch = new float[GetMaxOutputLength(ChunkSize)];
    }

    /// <summary>Input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Interpolation factor L of the reduced ratio L/M (6 from 8 to 48 kHz).</summary>
    public int UpFactor { get; }

    /// <summary>Decimation factor M of the reduced ratio L/M (6 from 48 to 8 kHz).</summary>
    public int DownFactor { get; }

    /// <summary>Length of the low-pass prototype filter at the upsampled rate.</summary>
    public int TapCount { get; }

    /// <summary>How far the output lags the input: the group delay of the linear-phase filter.</summary>
    public TimeSpan Latency => TimeSpan.FromSeconds((TapCount - 1) / 2.0 / ((double)InputRate * UpFactor));

    /// <summary>The most output samples one call with <paramref name="inputLength"/> input samples can produce.</summary>
    /// <param name="inputLength">Number of input samples.</param>
    /// <returns>Ceiling of <c>inputLength * L / M</c>.</returns>
    public int GetMaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return (int)((((long)inputLength * UpFactor) + DownFactor - 1) / DownFactor);
    }

    /// <summary>Resamples the next piece of the stream.</summary>
    /// <param name="input">Next input samples, any length.</param>
    /// <param name="output">Destination; at least <see cref="GetMaxOutputLength"/> of the input length.</param>
    /// <returns>Number of samples written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        EnsureRoom(input.Length, output);
        int written = 0;
        while (!input.IsEmpty)
        {
            int count = Math.Min(input.Length, ChunkSize);
            input[..count].CopyTo(_history.AsSpan(_tapsPerPhase - 1));
            written += Filter(count, output[written..]);
            input = input[count..];
        }

        return written;
    }

    /// <summary>Resamples the next piece of a 16-bit stream, rounding and saturating the output.</summary>
    /// <param name="input">Next input samples, any length.</param>
    /// <param name="output">Destination; at least <see cref="GetMaxOutputLength"/> of the input length.</param>
    /// <returns>Number of samples written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        EnsureRoom(input.Length, output);
        int written = 0;
        while (!input.IsEmpty)
        {
            int count = Math.Min(input.Length, ChunkSize);
            Span<float> target = _history.AsSpan(_tapsPerPhase - 1, count);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = input[i];
            }

            int produced = Filter(count, _scratch);
            Span<short> dst = output.Slice(written, produced);
            for (int i = 0; i < dst.Length; i++)
            {
                float value = MathF.Round(_scratch[i]);
                dst[i] = value >= short.MaxValue ? short.MaxValue : value <= short.MinValue ? short.MinValue : (short)value;
            }

            written += produced;
            input = input[count..];
        }

        return written;
    }

    /// <summary>Forgets the stream: clears the filter history as if the resampler were new.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _time = 0;
    }

    private static double[] KaiserLowPass(int length, double cutoff, double beta)
    {
        var taps = new double[length];
        double middle = (length - 1) / 2.0;
        double window = BesselI0(beta);
        for (int n = 0; n < length; n++)
        {
            double offset = n - middle;
            double sinc = offset == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * offset) / (Math.PI * offset);
            double ratio = offset / middle;
            taps[n] = sinc * BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (ratio * ratio)))) / window;
        }

        return taps;
    }

    private static double KaiserBeta(double attenuation) => attenuation switch
    {
        > 50 => 0.1102 * (attenuation - 8.7),
        >= 21 => (0.5842 * Math.Pow(attenuation - 21, 0.4)) + (0.07886 * (attenuation - 21)),
        _ => 0,
    };

    // Modified Bessel function of the first kind, order 0, by its power series.
    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        double quarter = x * x / 4;
        for (int k = 1; k < 64 && term > sum * 1e-17; k++)
        {
            term *= quarter / ((double)k * k);
            sum += term;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ref float a, ref float b, int length)
    {
        var sum0 = Vector<float>.Zero;
        var sum1 = Vector<float>.Zero;
        int width = Vector<float>.Count;
        int i = 0;
        for (; i <= length - (2 * width); i += 2 * width)
        {
            sum0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)i), Vector.LoadUnsafe(ref b, (nuint)i), sum0);
            sum1 = Vector.FusedMultiplyAdd(
                Vector.LoadUnsafe(ref a, (nuint)(i + width)), Vector.LoadUnsafe(ref b, (nuint)(i + width)), sum1);
        }

        float total = Vector.Sum(sum0 + sum1);
        for (; i < length; i++)
        {
            total += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        }

        return total;
    }

    private void EnsureRoom<T>(int inputLength, Span<T> output)
    {
        if (output.Length < GetMaxOutputLength(inputLength))
        {
            throw new ArgumentException("The destination is shorter than GetMaxOutputLength(input.Length).", nameof(output));
        }
    }

    // Produces every output whose newest input sample is in the chunk just copied after the history,
    // then slides the last K-1 inputs to the front for the next chunk. The time of an output is
    // newest * L + phase; each output advances it by M, split once into whole inputs and a phase step.
    private int Filter(int count, Span<float> output)
    {
        int taps = _tapsPerPhase;
        int up = UpFactor;
        int inputStep = DownFactor / up;
        int phaseStep = DownFactor % up;
        int newest = (int)(_time / up);
        int phase = (int)(_time % up);
        ref float history = ref MemoryMarshal.GetArrayDataReference(_history);
        ref float phases = ref MemoryMarshal.GetArrayDataReference(_phases);
        int written = 0;
        while (newest < count)
        {
            output[written++] = Dot(ref Unsafe.Add(ref phases, phase * taps), ref Unsafe.Add(ref history, newest), taps);
            newest += inputStep;
            phase += phaseStep;
            if (phase >= up)
            {
                phase -= up;
                newest++;
            }
        }

        _time = ((long)(newest - count) * up) + phase;
        _history.AsSpan(count, taps - 1).CopyTo(_history);
        return written;
    }
}
