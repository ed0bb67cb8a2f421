namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// Test tones: a sine generator that keeps its phase across frames, and the Goertzel filter to say how much of a
/// recording is one frequency and which frequency dominates it.
/// </summary>
internal static class Tone
{
    /// <summary>Fills <paramref name="frame"/> with a sine of <paramref name="frequency"/> Hz continuing from <paramref name="phase"/> (radians, updated).</summary>
    public static void Generate(Span<short> frame, double frequency, int sampleRate, ref double phase, double amplitude = 0.3)
    {
        var step = 2 * Math.PI * frequency / sampleRate;
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (short)Math.Round(amplitude * short.MaxValue * Math.Sin(phase));
            phase += step;
            if (phase > 2 * Math.PI)
            {
                phase -= 2 * Math.PI;
            }
        }
    }

    /// <summary>
    /// The share of the signal's energy within <paramref name="tolerance"/> Hz of <paramref name="frequency"/>
    /// (Goertzel on Hann-windowed samples, normalised so that a clean sine reads about 1): near 1 for that tone,
    /// near 0 for another tone or for noise.
    /// </summary>
    public static double EnergyShare(ReadOnlySpan<short> samples, double frequency, int sampleRate, double tolerance = 10)
    {
        double energy = 0;
        double sumWindow = 0;
        double sumWindowSquared = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var w = Hann(i, samples.Length);
            energy += (double)samples[i] * samples[i] * w * w;
            sumWindow += w;
            sumWindowSquared += w * w;
        }

        if (energy == 0)
        {
            return 0;
        }

        // A sine of amplitude A: |X(f)|^2 ≈ A^2·(Σw)^2/4 and Σ(x·w)^2 ≈ A^2·Σw^2/2.
        var windowed = Windowed(samples);
        var best = 0.0;
        for (var f = frequency - tolerance; f <= frequency + tolerance; f += 0.5)
        {
            best = Math.Max(best, Goertzel(windowed, f, sampleRate));
        }

        return best * 2 * sumWindowSquared / (sumWindow * sumWindow * energy);
    }

    /// <summary>The frequency between <paramref name="from"/> and <paramref name="to"/> Hz (in <paramref name="step"/> Hz steps) with the most Goertzel power.</summary>
    public static double DominantFrequency(ReadOnlySpan<short> samples, int sampleRate, double from = 100, double to = 3900, double step = 5)
    {
        var windowed = Windowed(samples);
        var best = from;
        var bestPower = -1.0;
        for (var f = from; f <= to; f += step)
        {
            var power = Goertzel(windowed, f, sampleRate);
            if (power > bestPower)
            {
                bestPower = power;
                best = f;
            }
        }

        return best;
    }

    /// <summary>Root mean square, as a fraction of full scale.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length) / short.MaxValue;
    }

    /// <summary>|X(f)|^2 of already windowed samples, by the Goertzel recurrence.</summary>
    private static double Goertzel(double[] samples, double frequency, int sampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var s0 = samples[i] + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
    }

    private static double[] Windowed(ReadOnlySpan<short> samples)
    {
        var windowed = new double[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            windowed[i] = samples[i] * Hann(i, samples.Length);
        }

        return windowed;
    }

    private static double Hann(int i, int length) => 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (length - 1)));
}
