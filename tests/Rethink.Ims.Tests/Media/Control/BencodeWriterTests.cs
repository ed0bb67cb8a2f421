using System.Buffers;
using System.Text;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class BencodeWriterTests
{
    private static string Write(BencodeValue value) => Encoding.ASCII.GetString(BencodeWriter.ToArray(value));

    private static KeyValuePair<string, BencodeValue> Entry(string key, BencodeValue value) => new(key, value);

    [Fact]
    public void Writes_each_kind_in_canonical_form()
    {
        Assert.Equal("i0e", Write(BencodeValue.FromInteger(0)));
        Assert.Equal("i-42e", Write(BencodeValue.FromInteger(-42)));
        Assert.Equal("i-9223372036854775808e", Write(BencodeValue.FromInteger(long.MinValue)));
        Assert.Equal("0:", Write(BencodeValue.FromString("")));
        Assert.Equal("4:spam", Write(BencodeValue.FromString("spam")));
        Assert.Equal("l4:spam4:eggse", Write(BencodeValue.FromStrings(["spam", "eggs"])));
        Assert.Equal("le", Write(BencodeValue.FromList([])));
        Assert.Equal("de", Write(BencodeValue.FromDictionary(Array.Empty<KeyValuePair<string, BencodeValue>>())));
    }

    [Fact]
    public void Counts_multibyte_text_in_bytes()
    {
        Assert.Equal("2:\u00c3\u00a9", Encoding.Latin1.GetString(BencodeWriter.ToArray(BencodeValue.FromString("é"))));
    }

    [Fact]
    public void Sorts_dictionary_keys_as_raw_bytes_whatever_the_order_they_were_given_in()
    {
        var value = BencodeValue.FromDictionary([
            Entry("result", BencodeValue.FromString("ok")),
            Entry("Z", BencodeValue.FromInteger(1)),
            Entry("a", BencodeValue.FromInteger(2)),
            Entry("ab", BencodeValue.FromInteger(3)),
            Entry("sdp", BencodeValue.FromString("v=0")),
        ]);
        Assert.Equal("d1:Zi1e1:ai2e2:abi3e6:result2:ok3:sdp3:v=0e", Write(value));
    }

    [Fact]
    public void Writes_to_a_buffer_writer_and_a_span_alike()
    {
        var value = BencodeValue.FromDictionary([Entry("result", BencodeValue.FromString("pong"))]);
        var buffer = new ArrayBufferWriter<byte>();
        BencodeWriter.Write(value, buffer);
        Assert.Equal("d6:result4:ponge", Encoding.ASCII.GetString(buffer.WrittenSpan));

        var span = new byte[32];
        var written = BencodeWriter.Write(value, span);
        Assert.Equal(BencodeWriter.GetByteCount(value), written);
        Assert.Equal(buffer.WrittenSpan.ToArray(), span[..written]);
        Assert.Throws<ArgumentException>(() => BencodeWriter.Write(value, new byte[written - 1]));
    }

    [Fact]
    public void Building_a_dictionary_with_a_repeated_key_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => BencodeValue.FromDictionary([
            Entry("a", BencodeValue.FromInteger(1)),
            Entry("a", BencodeValue.FromInteger(2)),
        ]));
    }

    [Fact]
    public void Building_a_value_deeper_than_the_limit_is_a_programming_error()
    {
        var value = BencodeValue.FromInteger(1);
        for (var i = 0; i < BencodeValue.MaxConstructedDepth; i++)
        {
            value = BencodeValue.FromList([value]);
        }

        Assert.Equal(BencodeValue.MaxConstructedDepth, value.Depth);
        Assert.Throws<ArgumentException>(() => BencodeValue.FromList([value]));
    }

    [Fact]
    public void Dictionaries_are_equal_whatever_their_key_order()
    {
        var one = BencodeValue.FromDictionary([Entry("a", BencodeValue.FromInteger(1)), Entry("b", BencodeValue.FromString("x"))]);
        var two = BencodeValue.FromDictionary([Entry("b", BencodeValue.FromString("x")), Entry("a", BencodeValue.FromInteger(1))]);
        var three = BencodeValue.FromDictionary([Entry("b", BencodeValue.FromString("y")), Entry("a", BencodeValue.FromInteger(1))]);
        Assert.Equal(one, two);
        Assert.Equal(one.GetHashCode(), two.GetHashCode());
        Assert.NotEqual(one, three);
        Assert.NotEqual(BencodeValue.FromStrings(["a", "b"]), BencodeValue.FromStrings(["b", "a"]));
    }

    [Fact]
    public void Kind_specific_accessors_refuse_other_kinds()
    {
        var number = BencodeValue.FromInteger(1);
        Assert.Throws<InvalidOperationException>(() => number.Bytes);
        Assert.Throws<InvalidOperationException>(() => number.Items);
        Assert.Throws<InvalidOperationException>(() => BencodeValue.FromString("x").Number);
        Assert.False(number.TryGetValue("x", out _));
        Assert.Equal(0, number.Count);
    }

    [Fact]
    public void ToString_abbreviates_long_strings_so_an_sdp_body_never_appears_in_full()
    {
        var sdp = "v=0\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\n" + new string('x', 64);
        var text = BencodeValue.FromDictionary([Entry("sdp", BencodeValue.FromString(sdp)), Entry("n", BencodeValue.FromInteger(-1))]).ToString();
        Assert.Equal($"{{\"sdp\": <{sdp.Length} bytes>, \"n\": -1}}", text);
        Assert.Equal("[\"a\\x22\\x0d\"]", BencodeValue.FromStrings(["a\"\r"]).ToString());
    }
}
