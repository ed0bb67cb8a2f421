using System.Text;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Sdp;

public class SdpParserTests
{
    public static IEnumerable<object[]> Samples() => SdpSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_then_write_gives_the_same_text_back(string name, string sdp)
    {
        Assert.True(SdpParser.TryParse(sdp, out var description, out var error), $"{name}: {error}");
        Assert.Equal(sdp, description.ToSdp());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_then_write_gives_the_same_bytes_back_from_utf8(string name, string sdp)
    {
        var bytes = Encoding.UTF8.GetBytes(sdp);
        Assert.True(SdpParser.TryParse(bytes, out var description, out var error), $"{name}: {error}");
        Assert.Equal(bytes, description.ToUtf8());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Lf_only_input_parses_to_the_same_model_and_is_written_with_crlf(string name, string sdp)
    {
        var lf = sdp.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(SdpParser.TryParse(lf, out var fromLf, out var error), $"{name}: {error}");
        Assert.True(SdpParser.TryParse(sdp, out var fromCrlf, out _));
        Assert.Equal(fromCrlf, fromLf);
        Assert.Equal(sdp, fromLf.ToSdp());
    }

    [Fact]
    public void Missing_final_line_end_is_accepted_and_written_with_one()
    {
        var sdp = SdpSamples.SipPhoneOffer;
        Assert.True(SdpParser.TryParse(sdp.TrimEnd(), out var description, out _));
        Assert.Equal(sdp, description.ToSdp());
    }

    [Fact]
    public void Runs_of_spaces_between_fields_are_accepted_and_written_as_one()
    {
        var sloppy = SdpSamples.SipPhoneOffer.Replace("o=alice 2890844526", "o=alice   2890844526", StringComparison.Ordinal)
            .Replace("m=audio 49170 RTP/AVP", "m=audio  49170 RTP/AVP", StringComparison.Ordinal);
        Assert.True(SdpParser.TryParse(sloppy, out var description, out _));
        Assert.Equal(SdpSamples.SipPhoneOffer, description.ToSdp());
    }

    [Fact]
    public void Session_fields_are_read()
    {
        Assert.True(SdpParser.TryParse(SdpSamples.Rfc8866Example, out var d, out _));
        Assert.Equal(0, d.Version);
        Assert.Equal(new SdpOrigin("jdoe", "3724394400", "3724394405", "IN", "IP4", "198.51.100.1"), d.Origin);
        Assert.Equal("Call to John Smith", d.SessionName);
        Assert.Equal("SDP Offer #1", d.Information);
        Assert.Equal("http://www.jdoe.example.com/home.html", d.Uri);
        Assert.Equal(new[] { "Jane Doe <jane@jdoe.example.com>" }, d.Emails);
        Assert.Equal(new[] { "+1 617 555-6011" }, d.Phones);
        Assert.Equal(SdpConnection.ForAddress("198.51.100.1"), d.Connection);
        Assert.Equal(new[] { SdpTiming.Unbounded }, d.Timings);
        Assert.Equal(3, d.Media.Length);
        Assert.Equal(("video", 51372, "RTP/AVP"), (d.Media[2].Media, d.Media[2].Port, d.Media[2].Protocol));
        Assert.Equal(new[] { "99" }, d.Media[2].Formats);
        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::2"), d.Media[2].Connection);
        Assert.Equal(d.Connection, d.EffectiveConnection(d.Media[0]));
        Assert.Equal(d.Media[2].Connection, d.EffectiveConnection(d.Media[2]));
    }

    [Fact]
    public void Timing_repeats_time_zones_keys_port_counts_and_multicast_are_read()
    {
        Assert.True(SdpParser.TryParse(SdpSamples.EveryLineType, out var d, out _));
        Assert.Equal("224.2.17.12", d.Connection!.Host);
        Assert.Equal(new[] { new SdpBandwidth("CT", 128) }, d.Bandwidths);
        Assert.Equal(2, d.Timings.Length);
        Assert.Equal(new[] { "604800 3600 0 90000", "7d 1h 0 25h" }, d.Timings[0].Repeats);
        Assert.Empty(d.Timings[1].Repeats);
        Assert.Equal("2882844526 -1h 2898848070 0", d.TimeZones);
        Assert.Equal("prompt", d.EncryptionKey);
        Assert.Equal(MediaDirection.RecvOnly, d.Direction);
        Assert.Equal("a tool with spaces: and colons", d.FindAttribute("tool")!.Value);
        var audio = d.Media[0];
        Assert.Equal(2, audio.PortCount);
        Assert.Equal("main audio", audio.Information);
        Assert.Equal(2, audio.Connections.Length);
        Assert.Equal("clear:notarealkey", audio.EncryptionKey);
        Assert.Equal("", audio.FindAttribute("empty-value")!.Value);
        Assert.False(audio.FindAttribute("empty-value")!.IsProperty);
        Assert.Equal(MediaDirection.RecvOnly, d.EffectiveDirection(audio));
    }

    [Fact]
    public void Unknown_attributes_keep_their_place_and_text()
    {
        Assert.True(SdpParser.TryParse(SdpSamples.ImsAmrOffer, out var d, out _));
        var names = d.Media[0].Attributes.Select(a => a.Name).ToArray();
        Assert.Equal(["curr", "curr", "des", "des", "sendrecv"], names[^5..]);
        Assert.Equal("qos mandatory local sendrecv", d.Media[0].Attributes[^3].Value);
        Assert.Equal(" WMS 6a9b1f0e-3c1d-4f0e-9d5a-2f1b6c7d8e9f",
            Parse(SdpSamples.ChromeOffer).FindAttribute(SdpAttributeNames.MsidSemantic)!.Value);
    }

    [Theory]
    [InlineData("", SdpParseErrorKind.MissingVersion, 0)]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\n", SdpParseErrorKind.MissingVersion, 1)]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", SdpParseErrorKind.MissingOrigin, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n", SdpParseErrorKind.MissingSessionName, 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", SdpParseErrorKind.MissingTiming, 3)]
    [InlineData("v=x\r\n", SdpParseErrorKind.InvalidVersion, 1)]
    [InlineData("v=0\r\nv=0\r\n", SdpParseErrorKind.DuplicateLine, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", SdpParseErrorKind.InvalidOrigin, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0 extra\r\n", SdpParseErrorKind.InvalidOrigin, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\no=- 1 1 IN IP4 0.0.0.0\r\n", SdpParseErrorKind.DuplicateLine, 3)]
    [InlineData("v=0\r\ns=a\r\ns=b\r\n", SdpParseErrorKind.DuplicateLine, 3)]
    [InlineData("v=0\r\nx=1\r\n", SdpParseErrorKind.UnknownLineType, 2)]
    [InlineData("v=0\r\nV=1\r\n", SdpParseErrorKind.UnknownLineType, 2)]
    [InlineData("v=0\r\nhello\r\n", SdpParseErrorKind.MalformedLine, 2)]
    [InlineData("v=0\r\na =x\r\n", SdpParseErrorKind.MalformedLine, 2)]
    [InlineData("v=0\r\nc=IN IP4\r\n", SdpParseErrorKind.InvalidConnection, 2)]
    [InlineData("v=0\r\nb=AS\r\n", SdpParseErrorKind.InvalidBandwidth, 2)]
    [InlineData("v=0\r\nb=AS:-1\r\n", SdpParseErrorKind.InvalidBandwidth, 2)]
    [InlineData("v=0\r\nt=0\r\n", SdpParseErrorKind.InvalidTiming, 2)]
    [InlineData("v=0\r\nr=1 2 3\r\n", SdpParseErrorKind.MisplacedLine, 2)]
    [InlineData("v=0\r\na=:x\r\n", SdpParseErrorKind.InvalidAttribute, 2)]
    [InlineData("v=0\r\na=bad name\r\n", SdpParseErrorKind.InvalidAttribute, 2)]
    [InlineData("v=0\r\nm=audio\r\n", SdpParseErrorKind.InvalidMedia, 2)]
    [InlineData("v=0\r\nm=audio 70000 RTP/AVP 0\r\n", SdpParseErrorKind.InvalidMedia, 2)]
    [InlineData("v=0\r\nm=audio 5004/0 RTP/AVP 0\r\n", SdpParseErrorKind.InvalidMedia, 2)]
    [InlineData("v=0\r\nm=audio x RTP/AVP 0\r\n", SdpParseErrorKind.InvalidMedia, 2)]
    [InlineData("v=0\r\nm=audio 5004 RTP//AVP 0\r\n", SdpParseErrorKind.InvalidMedia, 2)]
    [InlineData("v=0\r\nm=audio 5004 RTP/AVP 0\r\no=- 1 1 IN IP4 0.0.0.0\r\n", SdpParseErrorKind.MisplacedLine, 3)]
    [InlineData("v=0\r\nm=audio 5004 RTP/AVP 0\r\nt=0 0\r\n", SdpParseErrorKind.MisplacedLine, 3)]
    [InlineData("v=0\r\nm=audio 5004 RTP/AVP 0\r\ni=a\r\ni=b\r\n", SdpParseErrorKind.DuplicateLine, 4)]
    [InlineData("v=0\r\nc=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\n", SdpParseErrorKind.DuplicateLine, 3)]
    [InlineData("v=0\r\ns=a\0b\r\n", SdpParseErrorKind.InvalidCharacter, 2)]
    [InlineData("v=0\r\ns=a\rb\r\n", SdpParseErrorKind.InvalidCharacter, 2)]
    public void Bad_input_is_an_error_value_with_its_line(string sdp, SdpParseErrorKind kind, int line)
    {
        Assert.False(SdpParser.TryParse(sdp, out var description, out var error));
        Assert.Null(description);
        Assert.Equal(new SdpParseError(kind, line), error);
    }

    [Fact]
    public void Input_longer_than_the_limit_is_refused_before_parsing()
    {
        var options = new SdpParserOptions { MaxLength = 100 };
        Assert.False(SdpParser.TryParse(SdpSamples.SipPhoneOffer, options, out _, out var error));
        Assert.Equal(new SdpParseError(SdpParseErrorKind.TooLarge, 0), error);
        Assert.False(SdpParser.TryParse(Encoding.UTF8.GetBytes(SdpSamples.SipPhoneOffer), options, out _, out error));
        Assert.Equal(SdpParseErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public void More_lines_than_the_limit_is_refused_at_the_first_line_over()
    {
        var options = new SdpParserOptions { MaxLines = 5 };
        Assert.False(SdpParser.TryParse(SdpSamples.SipPhoneOffer, options, out _, out var error));
        Assert.Equal(new SdpParseError(SdpParseErrorKind.TooManyLines, 6), error);
    }

    [Fact]
    public void More_media_descriptions_than_the_limit_is_refused()
    {
        var options = new SdpParserOptions { MaxMediaDescriptions = 2 };
        Assert.False(SdpParser.TryParse(SdpSamples.Rfc8866Example, options, out _, out var error));
        Assert.Equal(new SdpParseError(SdpParseErrorKind.TooManyMediaDescriptions, 12), error);
    }

    [Fact]
    public void Invalid_utf8_is_an_encoding_error()
    {
        var bytes = Encoding.UTF8.GetBytes(SdpSamples.SipPhoneOffer).ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'S'), new byte[] { 0xC3, 0x28 });
        Assert.False(SdpParser.TryParse(bytes.ToArray(), out _, out var error));
        Assert.Equal(SdpParseErrorKind.InvalidEncoding, error.Kind);
    }

    [Fact]
    public void Utf8_text_in_values_round_trips()
    {
        var sdp = SdpSamples.SipPhoneOffer.Replace("s=SIP Call", "s=Anruf für Zoë ☎", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(sdp);
        Assert.True(SdpParser.TryParse(bytes, out var description, out _));
        Assert.Equal("Anruf für Zoë ☎", description.SessionName);
        Assert.Equal(bytes, description.ToUtf8());
    }

    [Fact]
    public void Error_text_names_kind_and_line_but_never_the_input()
    {
        Assert.False(SdpParser.TryParse("v=0\r\no=secret-looking-value\r\n", out _, out var error));
        Assert.Equal("line 2: InvalidOrigin", error.ToString());
    }

    internal static SessionDescription Parse(string sdp)
    {
        Assert.True(SdpParser.TryParse(sdp, out var description, out var error), error.ToString());
        return description;
    }
}
