using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

public class PolyphaseResamplerTests
{
    private const double Amplitude = 10000;

    // Runs 1.25 s of a tone through a new resampler and returns the last second of output, past the
    // filter's start-up transient: a whole number of periods of any integer frequency.
    private static float[] Steady(int inputRate, int outputRate, double frequency)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate);
        float[] input = Signal.Sine(frequency, inputRate, inputRate * 5 / 4, Amplitude);
        var output = new float[resampler.GetMaxOutputLength(input.Length)];
        int written = resampler.Process(input, output);
        return output.AsSpan(written - outputRate, outputRate).ToArray();
    }

    [Theory]
    [InlineData(48000, 8000)]
    [InlineData(8000, 48000)]
    [InlineData(48000, 16000)]
    [InlineData(16000, 48000)]
    [InlineData(16000, 8000)]
    [InlineData(8000, 16000)]
    public void A_1kHz_tone_keeps_its_frequency_and_level(int inputRate, int outputRate)
    {
        float[] output = Steady(inputRate, outputRate, 1000);

        Assert.Equal(1000, Signal.DominantFrequency(output, outputRate, 50));
        double gainDb = Signal.Db(Signal.Amplitude(output, 1000, outputRate) / Amplitude);
        Assert.InRange(gainDb, -0.5, 0.5);
    }

    [Theory]
    [InlineData(48000, 8000, 3400)]
    [InlineData(8000, 48000, 3400)]
    [InlineData(48000, 16000, 6800)]
    [InlineData(16000, 48000, 6800)]
    public void Passband_is_flat_within_half_a_dB_up_to_its_edge(int inputRate, int outputRate, int edge)
    {
        foreach (int frequency in new[] { 50, 100, 300, 1000, 2000, 3000, edge / 2, edge - 100, edge })
        {
            float[] output = Steady(inputRate, outputRate, frequency);
            double gainDb = Signal.Db(Signal.Amplitude(output, frequency, outputRate) / Amplitude);
            Assert.True(Math.Abs(gainDb) <= 0.5, $"{frequency} Hz: {gainDb:F3} dB");
        }
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4300)]
    [InlineData(6000)]
    [InlineData(8000)]
    [InlineData(11000)]
    [InlineData(19500)]
    [InlineData(23900)]
    public void Decimating_48k_to_8k_attenuates_a_tone_above_4kHz_by_at_least_60dB(int frequency)
    {
        float[] output = Steady(48000, 8000, frequency);

        // Everything left of the tone is aliasing, wherever it folded to.
        double residualDb = Signal.Db(Signal.Rms(output) / (Amplitude / Math.Sqrt(2)));
        Assert.True(residualDb <= -60, $"{frequency} Hz leaks at {residualDb:F1} dB");
    }

    [Fact]
    public void Decimating_48k_to_16k_attenuates_tones_above_8kHz_by_at_least_60dB()
    {
        foreach (int frequency in new[] { 8000, 9000, 12000, 20000 })
        {
            float[] output = Steady(48000, 16000, frequency);
            double residualDb = Signal.Db(Signal.Rms(output) / (Amplitude / Math.Sqrt(2)));
            Assert.True(residualDb <= -60, $"{frequency} Hz leaks at {residualDb:F1} dB");
        }
    }

    [Fact]
    public void Interpolating_8k_to_48k_suppresses_the_spectral_images_by_at_least_60dB()
    {
        float[] output = Steady(8000, 48000, 1000);

        // Zero-stuffing a 1 kHz tone at 8 kHz leaves images at k*8 kHz +- 1 kHz.
        foreach (int image in new[] { 7000, 9000, 15000, 17000, 23000 })
        {
            double imageDb = Signal.Db(Signal.Amplitude(output, image, 48000) / Amplitude);
            Assert.True(imageDb <= -60, $"image at {image} Hz: {imageDb:F1} dB");
        }
    }

    [Theory]
    [InlineData(48000, 8000, 960, 160)]
    [InlineData(8000, 48000, 160, 960)]
    [InlineData(48000, 16000, 960, 320)]
    [InlineData(16000, 48000, 320, 960)]
    [InlineData(8000, 16000, 160, 320)]
    public void Every_20ms_frame_gives_exactly_one_20ms_frame(int inputRate, int outputRate, int frameIn, int frameOut)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate);
        var input = new float[frameIn];
        var output = new float[resampler.GetMaxOutputLength(frameIn)];
        for (int frame = 0; frame < 20; frame++)
        {
            Assert.Equal(frameOut, resampler.Process(input, output));
        }
    }

    [Fact]
    public void Processing_20ms_frames_equals_processing_one_block()
    {
        float[] input = Signal.Sine(1000, 48000, 48000, Amplitude);
        var whole = new float[8000];
        Assert.Equal(8000, new PolyphaseResampler(48000, 8000).Process(input, whole));

        var framed = new PolyphaseResampler(48000, 8000);
        var joined = new List<float>();
        var frame = new float[160];
        for (int offset = 0; offset < input.Length; offset += 960)
        {
            int written = framed.Process(input.AsSpan(offset, 960), frame);
            joined.AddRange(frame.AsSpan(0, written).ToArray());
        }

        Assert.Equal(whole, joined);
    }

    [Property(MaxTest = 50)]
    public Property Output_does_not_depend_on_how_the_input_is_split() =>
        Prop.ForAll(
            Gen.Elements((48000, 8000), (8000, 48000), (16000, 48000), (48000, 16000))
                .Zip(Gen.ListOf(Gen.Choose(0, 1500)))
                .ToArbitrary(),
            pair =>
            {
                ((int inputRate, int outputRate), List<int> cuts) = pair;
                var random = new Random(cuts.Count);
                var input = new float[3000];
                for (int i = 0; i < input.Length; i++)
                {
                    input[i] = (float)((random.NextDouble() * 2) - 1) * 20000;
                }

                var oneShot = new PolyphaseResampler(inputRate, outputRate);
                var expected = new float[oneShot.GetMaxOutputLength(input.Length)];
                int expectedLength = oneShot.Process(input, expected);

                var pieces = new PolyphaseResampler(inputRate, outputRate);
                var actual = new List<float>();
                int position = 0;
                foreach (int cut in cuts.Append(input.Length))
                {
                    int length = Math.Min(cut, input.Length - position);
                    var piece = new float[pieces.GetMaxOutputLength(length)];
                    int written = pieces.Process(input.AsSpan(position, length), piece);
                    actual.AddRange(piece.AsSpan(0, written).ToArray());
                    position += length;
                }

                return expected.AsSpan(0, expectedLength).SequenceEqual(actual.ToArray());
            });

    [Property(MaxTest = 30)]
    public bool The_16_bit_path_is_the_float_path_rounded_and_saturated(short[] input)
    {
        var floats = new PolyphaseResampler(8000, 48000);
        var shorts = new PolyphaseResampler(8000, 48000);
        var expected = new float[floats.GetMaxOutputLength(input.Length)];
        var actual = new short[expected.Length];
        int floatCount = floats.Process(Signal.ToFloat(input), expected);
        int shortCount = shorts.Process(input, actual);

        return floatCount == shortCount && Enumerable.Range(0, floatCount).All(i =>
            actual[i] == (short)Math.Clamp(MathF.Round(expected[i]), short.MinValue, short.MaxValue));
    }

    [Fact]
    public void A_constant_comes_out_at_the_same_level()
    {
        var resampler = new PolyphaseResampler(48000, 8000);
        var input = new short[9600];
        Array.Fill(input, (short)1000);
        var output = new short[1600];
        resampler.Process(input, output);

        Assert.All(output[^800..], sample => Assert.Equal(1000, sample));
    }

    [Fact]
    public void A_full_scale_signal_saturates_instead_of_wrapping()
    {
        var resampler = new PolyphaseResampler(8000, 48000);
        // Alternating extremes overshoot after low-pass filtering; a wrapped value would change sign.
        short[] input = Enumerable.Range(0, 800).Select(i => i % 8 < 4 ? short.MaxValue : short.MinValue).ToArray();
        var output = new short[4800];
        resampler.Process(input, output);

        Assert.Contains(short.MaxValue, output);
        Assert.Contains(short.MinValue, output);
        for (int i = 1; i < output.Length; i++)
        {
            Assert.True(Math.Abs(output[i] - output[i - 1]) < 30000, $"jump at {i}");
        }
    }

    [Fact]
    public void Reset_makes_it_behave_like_a_new_resampler()
    {
        float[] input = Signal.Sine(700, 48000, 2400, Amplitude);
        var resampler = new PolyphaseResampler(48000, 8000);
        var first = new float[400];
        var second = new float[400];
        resampler.Process(input, first);
        resampler.Process(input.AsSpan(0, 1000), second);
        resampler.Reset();
        resampler.Process(input, second);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Latency_is_the_filter_group_delay()
    {
        var resampler = new PolyphaseResampler(48000, 8000);
        Assert.Equal((resampler.TapCount - 1) / 2.0 / 48000, resampler.Latency.TotalSeconds, 6);
        Assert.InRange(resampler.Latency.TotalMilliseconds, 1, 5);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(0, 8000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(44100, 48000));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new PolyphaseResampler(48000, 8000, new ResamplerOptions { PassbandEdge = 1.2 }));
        Assert.Throws<ArgumentException>(() => new PolyphaseResampler(48000, 8000).Process(new float[960], new float[159]));
    }
}
