using FsCheck.Xunit;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

public class ALawTests
{
    // G.711 Table 1a lists decoder outputs on a 13-bit scale (1, 3, ..., 31, 33, ..., 66, ..., 4032);
    // at 16-bit scale those are eight times larger. 0xD5 is the code for the smallest positive value.
    [Theory]
    [InlineData(0xD5, 1 * 8)]
    [InlineData(0x55, -1 * 8)]
    [InlineData(0xD4, 3 * 8)]
    [InlineData(0xDA, 31 * 8)]
    [InlineData(0xC5, 33 * 8)]
    [InlineData(0xF5, 66 * 8)]
    [InlineData(0xAA, 4032 * 8)]
    [InlineData(0x2A, -4032 * 8)]
    public void Decode_gives_the_standard_value_for_a_code(int code, int expected) =>
        Assert.Equal(expected, ALaw.Decode((byte)code));

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(15, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(255, 0xDA)] // last input of the first segment
    [InlineData(256, 0xC5)] // first input of the second segment
    [InlineData(511, 0xCA)] // last input of the second segment
    [InlineData(512, 0xF5)] // first input of the third segment
    [InlineData(short.MaxValue, 0xAA)]
    [InlineData(short.MinValue, 0x2A)]
    public void Encode_puts_segment_edges_and_extremes_in_the_standard_code(int sample, int expected) =>
        Assert.Equal((byte)expected, ALaw.Encode((short)sample));

    [Fact]
    public void Every_code_survives_decode_then_encode()
    {
        for (int code = 0; code < 256; code++)
        {
            Assert.Equal(code, ALaw.Encode(ALaw.Decode((byte)code)));
        }
    }

    [Fact]
    public void Every_sample_decodes_back_within_half_a_step_of_its_segment()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte code = ALaw.Encode((short)x);
            int y = ALaw.Decode(code);
            int segment = ((code ^ 0x55) & 0x7F) >> 4;
            int halfStep = 8 << Math.Max(segment - 1, 0);
            if (Math.Abs(x) <= 32256 + halfStep)
            {
                Assert.True(Math.Abs(y - x) <= halfStep, $"x={x} y={y} code=0x{code:X2}");
            }
            else
            {
                Assert.Equal(x > 0 ? 32256 : -32256, y);
            }
        }
    }

    [Property]
    public bool Requantizing_a_decoded_sample_changes_nothing(short x)
    {
        short once = ALaw.Decode(ALaw.Encode(x));
        return ALaw.Decode(ALaw.Encode(once)) == once;
    }

    [Property]
    public bool Companding_keeps_order(short a, short b) =>
        a > b
            ? ALaw.Decode(ALaw.Encode(a)) >= ALaw.Decode(ALaw.Encode(b))
            : ALaw.Decode(ALaw.Encode(a)) <= ALaw.Decode(ALaw.Encode(b));

    [Property]
    public bool Span_encode_and_decode_equal_the_per_sample_functions(short[] samples)
    {
        var codes = new byte[samples.Length];
        var decoded = new short[samples.Length];
        ALaw.Encode(samples, codes);
        ALaw.Decode(codes, decoded);
        for (int i = 0; i < samples.Length; i++)
        {
            if (codes[i] != ALaw.Encode(samples[i]) || decoded[i] != ALaw.Decode(codes[i]))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Span_functions_reject_a_short_destination()
    {
        Assert.Throws<ArgumentException>(() => ALaw.Encode(new short[4], new byte[3]));
        Assert.Throws<ArgumentException>(() => ALaw.Decode(new byte[4], new short[3]));
    }
}
