using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class NgMessageTests
{
    [Fact]
    public void Splits_at_the_first_space()
    {
        var datagram = Encoding.ASCII.GetBytes("5323_1 d7:command4:pinge");
        Assert.True(NgMessage.TrySplit(datagram, out var cookie, out var body));
        Assert.Equal("5323_1", Encoding.ASCII.GetString(cookie.Span));
        Assert.Equal("d7:command4:pinge", Encoding.ASCII.GetString(body.Span));
    }

    [Theory]
    [InlineData("d7:command4:pinge")]
    [InlineData(" d7:command4:pinge")]
    [InlineData("")]
    [InlineData("coo\u0001kie d7:command4:pinge")]
    [InlineData("coo\u00e9kie d7:command4:pinge")]
    public void Refuses_datagrams_without_a_printable_cookie(string text)
    {
        Assert.False(NgMessage.TrySplit(Encoding.UTF8.GetBytes(text), out _, out _));
    }

    [Fact]
    public void Bounds_the_cookie_length()
    {
        var longest = new string('c', NgMessage.MaxCookieLength);
        Assert.True(NgMessage.TrySplit(Encoding.ASCII.GetBytes(longest + " de"), out var cookie, out _));
        Assert.Equal(NgMessage.MaxCookieLength, cookie.Length);
        Assert.False(NgMessage.TrySplit(Encoding.ASCII.GetBytes(longest + "c de"), out _, out _));
        Assert.Throws<ArgumentException>(() => NgMessage.Write(Encoding.ASCII.GetBytes(longest + "c"), NgResult.Pong.ToBencode()));
    }

    [Fact]
    public void Writes_the_cookie_a_space_and_the_dictionary()
    {
        Assert.Equal("5323_1 d6:result4:ponge", Encoding.ASCII.GetString(NgMessage.Write("5323_1"u8, NgResult.Pong.ToBencode())));
    }

    [Property(Arbitrary = [typeof(BencodeArbitraries)], MaxTest = 300)]
    public void Writing_then_splitting_gives_the_cookie_and_dictionary_back(NonEmptyString cookieSeed, GeneratedBencode holder)
    {
        var cookie = new string([.. cookieSeed.Get.Select(c => (char)(0x21 + (c % 94)))]);
        cookie = cookie[..Math.Min(cookie.Length, NgMessage.MaxCookieLength)];
        var dictionary = BencodeValue.FromDictionary([new KeyValuePair<string, BencodeValue>("v", holder.Value)]);
        var datagram = NgMessage.Write(Encoding.ASCII.GetBytes(cookie), dictionary);
        Assert.True(NgMessage.TrySplit(datagram, out var readCookie, out var body));
        Assert.Equal(cookie, Encoding.ASCII.GetString(readCookie.Span));
        Assert.True(BencodeReader.TryRead(body, out var read, out _));
        Assert.Equal(dictionary, read);
    }
}
