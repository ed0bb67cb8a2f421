using System.Text;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class BencodeReaderTests
{
    private static BencodeValue Read(string text, BencodeReaderOptions? options = null)
    {
        Assert.True(BencodeReader.TryRead(Encoding.ASCII.GetBytes(text), out var value, out var error, options), error.ToString());
        return value!;
    }

    private static BencodeReadError Refuse(string text, BencodeReaderOptions? options = null)
    {
        Assert.False(BencodeReader.TryRead(Encoding.ASCII.GetBytes(text), out var value, out var error, options));
        Assert.Null(value);
        return error;
    }

    [Theory]
    [InlineData("i0e", 0L)]
    [InlineData("i42e", 42L)]
    [InlineData("i-42e", -42L)]
    [InlineData("i9223372036854775807e", long.MaxValue)]
    [InlineData("i-9223372036854775808e", long.MinValue)]
    public void Reads_integers(string text, long expected)
    {
        var value = Read(text);
        Assert.Equal(BencodeKind.Number, value.Kind);
        Assert.Equal(expected, value.Number);
    }

    [Theory]
    [InlineData("0:", "")]
    [InlineData("4:spam", "spam")]
    [InlineData("5:a b:c", "a b:c")]
    public void Reads_strings(string text, string expected)
    {
        var value = Read(text);
        Assert.Equal(BencodeKind.ByteString, value.Kind);
        Assert.True(value.IsString(expected));
        Assert.Equal(expected, value.GetString());
    }

    [Fact]
    public void Reads_the_bep3_list_and_dictionary_examples()
    {
        var list = Read("l4:spam4:eggse");
        Assert.Equal(["spam", "eggs"], list.Items.Select(i => i.GetString()));
        Assert.Equal(1, list.Depth);

        var dictionary = Read("d3:cow3:moo4:spaml1:a1:bee");
        Assert.True(dictionary.TryGetValue("cow", out var cow));
        Assert.True(cow.IsString("moo"));
        Assert.True(dictionary.TryGetValue("spam"u8, out var spam));
        Assert.Equal(2, spam.Count);
        Assert.Equal(2, dictionary.Depth);
        Assert.False(dictionary.TryGetValue("moo", out _));
    }

    [Fact]
    public void Accepts_dictionary_keys_in_any_order_and_keeps_that_order()
    {
        // rtpengine and Kamailio send keys unsorted (Kamailio 5.6 puts "supports" and "sdp" first).
        var value = Read("d7:command4:ping4:abcdi1ee");
        Assert.Equal(["command", "abcd"], value.Entries.Select(e => Encoding.ASCII.GetString(e.Key.Span)));
        Assert.Equal(Read("d4:abcdi1e7:command4:pinge"), value);
    }

    [Theory]
    [InlineData("", BencodeErrorKind.Truncated, 0)]
    [InlineData("i42", BencodeErrorKind.Truncated, 3)]
    [InlineData("ie", BencodeErrorKind.InvalidInteger, 0)]
    [InlineData("i-e", BencodeErrorKind.InvalidInteger, 0)]
    [InlineData("i-0e", BencodeErrorKind.InvalidInteger, 0)]
    [InlineData("i03e", BencodeErrorKind.InvalidInteger, 0)]
    [InlineData("i+3e", BencodeErrorKind.InvalidInteger, 0)]
    [InlineData("i1.5e", BencodeErrorKind.InvalidInteger, 0)]
    [InlineData("i9223372036854775808e", BencodeErrorKind.IntegerOverflow, 0)]
    [InlineData("i-9223372036854775809e", BencodeErrorKind.IntegerOverflow, 20)]
    [InlineData("03:abc", BencodeErrorKind.InvalidLength, 0)]
    [InlineData("3abc", BencodeErrorKind.InvalidLength, 1)]
    [InlineData("5:abc", BencodeErrorKind.Truncated, 2)]
    [InlineData("x", BencodeErrorKind.UnexpectedByte, 0)]
    [InlineData("-1", BencodeErrorKind.UnexpectedByte, 0)]
    [InlineData("li1e", BencodeErrorKind.Truncated, 4)]
    [InlineData("di1ei2ee", BencodeErrorKind.KeyNotString, 1)]
    [InlineData("dl1:ae1:be", BencodeErrorKind.KeyNotString, 1)]
    [InlineData("d1:a", BencodeErrorKind.Truncated, 4)]
    [InlineData("d1:ai1e1:ai2ee", BencodeErrorKind.DuplicateKey, 0)]
    [InlineData("i1ei2e", BencodeErrorKind.TrailingData, 3)]
    [InlineData("4:spam ", BencodeErrorKind.TrailingData, 6)]
    public void Refuses_malformed_input_with_a_typed_error(string text, BencodeErrorKind kind, int offset)
    {
        Assert.Equal(new BencodeReadError(kind, offset), Refuse(text));
    }

    [Fact]
    public void Refuses_a_duplicate_key_in_a_large_dictionary_too()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"4:k{i:D3}i{i}e").ToList();
        keys.Add("4:k007i0e");
        Assert.Equal(BencodeErrorKind.DuplicateKey, Refuse("d" + string.Concat(keys) + "e").Kind);
        keys.RemoveAt(keys.Count - 1);
        Assert.Equal(40, Read("d" + string.Concat(keys) + "e").Count);
    }

    [Fact]
    public void Enforces_the_depth_limit()
    {
        var options = new BencodeReaderOptions { MaxDepth = 3 };
        Assert.Equal(3, Read("llleee", options).Depth);
        Assert.Equal(new BencodeReadError(BencodeErrorKind.TooDeep, 3), Refuse("lllleeee", options));
        Assert.Equal(BencodeErrorKind.TooDeep, Refuse("d1:ad1:bd1:cd1:di1eeeee", options).Kind);
    }

    [Fact]
    public void Deep_nesting_from_the_wire_is_refused_without_exhausting_the_stack()
    {
        var text = new string('l', 100_000) + new string('e', 100_000);
        Assert.Equal(BencodeErrorKind.TooDeep, Refuse(text).Kind);
    }

    [Fact]
    public void Enforces_the_string_length_limit_before_reading_the_bytes()
    {
        var options = new BencodeReaderOptions { MaxStringLength = 4 };
        Assert.True(Read("4:spam", options).IsString("spam"));
        Assert.Equal(new BencodeReadError(BencodeErrorKind.StringTooLong, 0), Refuse("5:spams", options));

        // A huge announced length is refused as too long, not as truncated, and never overflows.
        Assert.Equal(BencodeErrorKind.StringTooLong, Refuse("99999999999999999999999:x").Kind);
        Assert.Equal(BencodeErrorKind.StringTooLong, Refuse("9:x", new BencodeReaderOptions { MaxStringLength = 8 }).Kind);
        Assert.Equal(BencodeErrorKind.Truncated, Refuse("2147483647:x", new BencodeReaderOptions { MaxStringLength = int.MaxValue }).Kind);
    }

    [Fact]
    public void Enforces_the_item_limit()
    {
        var options = new BencodeReaderOptions { MaxItems = 3 };
        Assert.Equal(2, Read("li1ei2ee", options).Count);
        Assert.Equal(BencodeErrorKind.TooManyItems, Refuse("li1ei2ei3ee", options).Kind);

        // A dictionary entry counts its key as well as its value.
        Assert.Equal(BencodeErrorKind.TooManyItems, Refuse("d1:ai1e1:bi2ee", options).Kind);
    }

    [Fact]
    public void Enforces_the_input_limit()
    {
        var options = new BencodeReaderOptions { MaxInputLength = 5 };
        Assert.Equal(new BencodeReadError(BencodeErrorKind.InputTooLarge, 0), Refuse("6:spams", options));
        Assert.False(BencodeReader.TryRead(new ReadOnlyMemory<byte>(Encoding.ASCII.GetBytes("6:spams")), out _, out var error, options));
        Assert.Equal(BencodeErrorKind.InputTooLarge, error.Kind);
    }

    [Fact]
    public void Reading_from_memory_shares_the_bytes_and_reading_from_a_span_copies_them()
    {
        var buffer = Encoding.ASCII.GetBytes("4:spam");
        Assert.True(BencodeReader.TryRead(new ReadOnlyMemory<byte>(buffer), out var shared, out _));
        Assert.True(BencodeReader.TryRead(buffer.AsSpan(), out var copied, out _));
        buffer[2] = (byte)'S';
        Assert.True(shared!.IsString("Spam"));
        Assert.True(copied!.IsString("spam"));
    }

    [Fact]
    public void Invalid_options_are_a_configuration_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BencodeReaderOptions { MaxDepth = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BencodeReaderOptions { MaxItems = 0 }.Validate());
        new BencodeReaderOptions().Validate();
    }
}
