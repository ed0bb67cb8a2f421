using FsCheck.Xunit;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

public class MuLawTests
{
    // G.711 Table 2a lists decoder outputs on a 14-bit scale (0, 2, ..., 30, 33, 37, ..., 99, ..., 8031);
    // at 16-bit scale those are four times larger.
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0xFE, 2 * 4)]
    [InlineData(0xF0, 30 * 4)]
    [InlineData(0xEF, 33 * 4)]
    [InlineData(0xEE, 37 * 4)]
    [InlineData(0xDF, 99 * 4)]
    [InlineData(0x80, 8031 * 4)]
    [InlineData(0x00, -8031 * 4)]
    [InlineData(0x6F, -33 * 4)]
    public void Decode_gives_the_standard_value_for_a_code(int code, int expected) =>
        Assert.Equal(expected, MuLaw.Decode((byte)code));

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(3, 0xFF)]
    [InlineData(4, 0xFE)]
    [InlineData(-1, 0x7F)]
    [InlineData(123, 0xF0)] // last 14-bit input (30) of the first segment
    [InlineData(124, 0xEF)] // first 14-bit input (31) of the second segment
    [InlineData(-124, 0x70)] // negative inputs are one's-complemented: -124 is magnitude 30
    [InlineData(-125, 0x6F)]
    [InlineData(short.MaxValue, 0x80)]
    [InlineData(short.MinValue, 0x00)]
    public void Encode_puts_segment_edges_and_extremes_in_the_standard_code(int sample, int expected) =>
        Assert.Equal((byte)expected, MuLaw.Encode((short)sample));

    [Fact]
    public void Every_code_except_negative_zero_survives_decode_then_encode()
    {
        for (int code = 0; code < 256; code++)
        {
            byte again = MuLaw.Encode(MuLaw.Decode((byte)code));
            // 0x7F is "negative zero": it decodes to 0, and 0 encodes as positive zero (0xFF).
            Assert.Equal(code == 0x7F ? 0xFF : code, again);
        }
    }

    [Fact]
    public void Every_sample_decodes_back_within_half_a_step_of_its_segment()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte code = MuLaw.Encode((short)x);
            int y = MuLaw.Decode(code);
            int exponent = ((~code) >> 4) & 0x07;
            int halfStep = 4 << exponent;
            if (Math.Abs(x) <= 32124 + halfStep)
            {
                Assert.True(Math.Abs(y - x) <= halfStep, $"x={x} y={y} code=0x{code:X2}");
            }
            else
            {
                // Overload: the code saturates at full scale with the sample's sign.
                Assert.Equal(x > 0 ? 32124 : -32124, y);
            }
        }
    }

    [Property]
    public bool Requantizing_a_decoded_sample_changes_nothing(short x)
    {
        short once = MuLaw.Decode(MuLaw.Encode(x));
        return MuLaw.Decode(MuLaw.Encode(once)) == once;
    }

    [Property]
    public bool Companding_keeps_order(short a, short b) =>
        a > b
            ? MuLaw.Decode(MuLaw.Encode(a)) >= MuLaw.Decode(MuLaw.Encode(b))
            : MuLaw.Decode(MuLaw.Encode(a)) <= MuLaw.Decode(MuLaw.Encode(b));

    [Property]
    public bool Span_encode_and_decode_equal_the_per_sample_functions(short[] samples)
    {
        var codes = new byte[samples.Length];
        var decoded = new short[samples.Length];
        MuLaw.Encode(samples, codes);
        MuLaw.Decode(codes, decoded);
        for (int i = 0; i < samples.Length; i++)
        {
            if (codes[i] != MuLaw.Encode(samples[i]) || decoded[i] != MuLaw.Decode(codes[i]))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Span_functions_reject_a_short_destination()
    {
        Assert.Throws<ArgumentException>(() => MuLaw.Encode(new short[4], new byte[3]));
        Assert.Throws<ArgumentException>(() => MuLaw.Decode(new byte[4], new short[3]));
    }
}
