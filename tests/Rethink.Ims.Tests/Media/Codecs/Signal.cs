namespace Rethink.Ims.Tests.Media.Codecs;

// Test signals and the measurements the codec tests judge them by.
internal static class Signal
{
    public static float[] Sine(double frequency, int rate, int count, double amplitude)
    {
        var samples = new float[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        }

        return samples;
    }

    public static short[] SineInt16(double frequency, int rate, int count, double amplitude) =>
        Array.ConvertAll(Sine(frequency, rate, count, amplitude), s => (short)Math.Round(s));

    public static float[] ToFloat(ReadOnlySpan<short> samples)
    {
        var result = new float[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            result[i] = samples[i];
        }

        return result;
    }

    // Amplitude of the component at `frequency` (Goertzel's single-bin DFT, scaled so that a sine of
    // amplitude A over a whole number of periods reads A).
    public static double Amplitude(ReadOnlySpan<float> samples, double frequency, int rate)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / rate);
        double previous = 0;
        double beforePrevious = 0;
        foreach (float sample in samples)
        {
            double current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        double power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return 2 * Math.Sqrt(Math.Max(power, 0)) / samples.Length;
    }

    // The frequency on a grid from `step` to just below rate/2 with the largest Goertzel amplitude.
    public static double DominantFrequency(ReadOnlySpan<float> samples, int rate, double step)
    {
        double best = 0;
        double bestAmplitude = -1;
        for (double f = step; f < rate / 2.0; f += step)
        {
            double amplitude = Amplitude(samples, f, rate);
            if (amplitude > bestAmplitude)
            {
                bestAmplitude = amplitude;
                best = f;
            }
        }

        return best;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (float sample in samples)
        {
            sum += (double)sample * sample;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    // Ratio of the power of the sine at `frequency` to the power of everything else, in dB.
    public static double SignalToNoiseDb(ReadOnlySpan<float> samples, double frequency, int rate)
    {
        double amplitude = Amplitude(samples, frequency, rate);
        double tonePower = amplitude * amplitude / 2;
        double rms = Rms(samples);
        double rest = Math.Max((rms * rms) - tonePower, 1e-12);
        return 10 * Math.Log10(tonePower / rest);
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);
}
