using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Fuzz;

/// <summary>
/// Inputs the fuzzer (tests/Rethink.Ims.Fuzz, scripts/fuzz.sh) found breaking URI equivalence: a URI
/// with a repeated parameter was not equivalent to itself, because every repeat was compared with the
/// other side's first value of that name.
/// </summary>
public class SipUriFuzzRegressionTests
{
    [Theory]
    [InlineData("sip:caller@example.net;tag=88;tag=8814")]
    [InlineData("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=x;%6C%72;n%61me=v%61")]
    [InlineData("sip:bob@example.com;transport=tcp;TRANSPORT=udp")]
    [InlineData("tel:+15551234;phone-context=a.example;phone-context=b.example")]
    public void A_uri_with_a_repeated_parameter_is_equivalent_to_itself(string text)
    {
        var uri = SipUri.Parse(text);
        var copy = SipUri.Parse(text);

        Assert.True(uri.IsEquivalentTo(uri));
        Assert.True(uri.IsEquivalentTo(copy));
        Assert.True(copy.IsEquivalentTo(uri));
    }

    [Fact]
    public void A_repeated_parameter_compares_by_its_first_value_as_a_lookup_finds_it()
    {
        var repeated = SipUri.Parse("sip:bob@example.com;transport=tcp;transport=udp");

        Assert.Equal("tcp", repeated.Transport.ToString());
        Assert.True(repeated.IsEquivalentTo(SipUri.Parse("sip:bob@example.com;transport=tcp")));
        Assert.True(SipUri.Parse("sip:bob@example.com;transport=tcp").IsEquivalentTo(repeated));
        Assert.False(repeated.IsEquivalentTo(SipUri.Parse("sip:bob@example.com;transport=udp")));
    }

    [Fact]
    public void A_from_header_whose_uri_repeats_a_parameter_matches_itself_after_parsing()
    {
        var datagram = "OPTIONS sip:bob@example.com SIP/2.0\r\n"u8.ToArray()
            .Concat("Via: SIP/2.0/UDP host.example.net;branch=z9hG4bK1\r\n"u8.ToArray())
            .Concat("From: <sip:caller@example.net;tag=88;tag=8814>;tag=1\r\n"u8.ToArray())
            .Concat("To: <sip:bob@example.com>\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n"u8.ToArray())
            .ToArray();

        using var first = SipParser.Parse(datagram).Message!;
        using var second = SipParser.Parse(datagram.ToArray()).Message!;

        Assert.True(first.From.Uri.IsEquivalentTo(second.From.Uri));
    }
}
