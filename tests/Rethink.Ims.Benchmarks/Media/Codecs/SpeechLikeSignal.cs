namespace Rethink.Ims.Benchmarks.Media.Codecs;

// A deterministic stand-in for speech: a voiced source whose pitch glides between 100 and 220 Hz,
// shaped by three formant-like resonances, syllable-rate amplitude envelope, and a little noise.
// Codec cost depends on the signal; a pure tone would flatter Opus.
internal static class SpeechLikeSignal
{
    public static short[] Create(int rate, double seconds)
    {
        int count = (int)(rate * seconds);
        var samples = new short[count];
        var random = new Random(7);
        double phase = 0;
        for (int i = 0; i < count; i++)
        {
            double t = (double)i / rate;
            double pitch = 160 + (60 * Math.Sin(2 * Math.PI * 0.7 * t));
            phase += 2 * Math.PI * pitch / rate;
            double voiced = 0;
            for (int harmonic = 1; harmonic * pitch < Math.Min(rate / 2.0, 7000); harmonic++)
            {
                double f = harmonic * pitch;
                double gain = Formant(f, 700, 130) + Formant(f, 1200, 200) + (0.5 * Formant(f, 2600, 300));
                voiced += gain * Math.Sin(harmonic * phase) / harmonic;
            }

            double envelope = 0.55 + (0.45 * Math.Sin(2 * Math.PI * 4 * t));
            double noise = (random.NextDouble() - 0.5) * 0.02;
            samples[i] = (short)Math.Clamp(6000 * ((envelope * voiced) + noise), short.MinValue, short.MaxValue);
        }

        return samples;
    }

    private static double Formant(double frequency, double centre, double width) =>
        1 / (1 + Math.Pow((frequency - centre) / width, 2));
}
