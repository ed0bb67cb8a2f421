using FsCheck.Xunit;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipParserTests
{
    private const string Headers =
        "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK776asdhds\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "From: <sip:alice@example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 OPTIONS\r\n";

    private static string Options(string extra = "", string body = "") =>
        "OPTIONS sip:bob@example.com SIP/2.0\r\n" + Headers + extra + $"Content-Length: {body.Length}\r\n\r\n" + body;

    [Fact]
    public void Minimal_options_request_parses()
    {
        var m = (SipRequest)Options().ParseOk();

        Assert.Equal(SipMethod.Options, m.Method);
        Assert.Equal(7, m.Headers.Count);
        Assert.Equal("z9hG4bK776asdhds", m.TopVia.Branch.ToString());
    }

    [Theory]
    [InlineData("Subject: v\r\n", "v")]
    [InlineData("Subject:v\r\n", "v")]
    [InlineData("Subject:  v\r\n", "v")]
    [InlineData("Subject: \tv\r\n", "v")]
    [InlineData("Subject:\tv\r\n", "v")]
    [InlineData("Subject : v w \r\n", "v w")]
    [InlineData("Subject: v\t\r\n", "v")]
    [InlineData("Subject: x\r\n", "x")]
    [InlineData("Subject: \r\n \tv\r\n", "v")]
    [InlineData("Subject: v\r\n w\r\n", "v\r\n w")]
    [InlineData("Subject:\r\n", "")]
    [InlineData("Subject: \r\n", "")]
    [InlineData("Subject:  \r\n", "")]
    public void Header_values_are_stored_without_surrounding_whitespace(string field, string value)
    {
        var m = Options(field).ParseOk();

        Assert.Equal(value, m.Headers.GetValue(SipHeaderId.Subject).ToString());
    }

    [Fact]
    public void Crlfs_before_the_start_line_are_ignored()
    {
        var m = ("\r\n\r\n" + Options()).ParseOk();

        Assert.True(m.IsRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    public void Nothing_but_crlfs_is_an_empty_message_and_is_dropped(string text)
    {
        var result = SipParser.Parse(text.Bytes());

        Assert.Equal(SipParseError.Empty, result.Error);
        Assert.Equal(SipErrorDisposition.Drop, result.Failure!.Disposition);
    }

    [Fact]
    public void A_datagram_cut_inside_the_headers_is_incomplete_and_dropped()
    {
        var text = Options();
        var result = SipParser.Parse(text[..(text.IndexOf("Call-ID", StringComparison.Ordinal) + 5)].Bytes());

        Assert.Equal(SipParseError.IncompleteMessage, result.Error);
        Assert.Equal(SipErrorDisposition.Drop, result.Failure!.Disposition);
    }

    [Fact]
    public void A_bare_lf_line_end_is_rejected()
    {
        var result = SipParser.Parse(Options().Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\n", StringComparison.Ordinal).Bytes());

        Assert.Equal(SipParseError.InvalidLineEnding, result.Error);
    }

    [Fact]
    public void A_bare_cr_inside_a_header_value_is_rejected()
    {
        var result = SipParser.Parse(Options("X-Smuggle: a\rInjected: b\r\n").Bytes());

        Assert.Equal(SipParseError.InvalidLineEnding, result.Error);
    }

    [Fact]
    public void A_header_line_without_colon_gets_400_when_the_request_can_be_answered()
    {
        var result = SipParser.Parse(Options("This is not a header\r\n").Bytes());

        Assert.Equal(SipParseError.InvalidHeaderLine, result.Error);
        Assert.Equal(SipErrorDisposition.Respond, result.Failure!.Disposition);
        Assert.Equal(400, result.Failure.StatusCode);
    }

    [Fact]
    public void A_message_larger_than_the_limit_is_dropped_unread()
    {
        var options = new SipParserOptions { MaxMessageSize = 200 };

        var result = SipParser.Parse(Options().Bytes(), options);

        Assert.Equal(SipParseError.MessageTooLarge, result.Error);
        Assert.Equal(SipErrorDisposition.Drop, result.Failure!.Disposition);
    }

    [Fact]
    public void More_headers_than_the_limit_is_rejected()
    {
        var extra = string.Concat(Enumerable.Range(0, 10).Select(i => $"X-H{i}: {i}\r\n"));

        Assert.True(SipParser.Parse(Options(extra).Bytes(), new SipParserOptions { MaxHeaderCount = 17 }).IsSuccess);
        Assert.Equal(SipParseError.TooManyHeaders, SipParser.Parse(Options(extra).Bytes(), new SipParserOptions { MaxHeaderCount = 16 }).Error);
    }

    [Fact]
    public void A_header_field_longer_than_the_limit_is_rejected_folded_lines_included()
    {
        var folded = "X-Long: " + new string('a', 50) + "\r\n " + new string('b', 50) + "\r\n";

        Assert.True(SipParser.Parse(Options(folded).Bytes(), new SipParserOptions { MaxHeaderLineLength = 120 }).IsSuccess);
        Assert.Equal(SipParseError.HeaderTooLong, SipParser.Parse(Options(folded).Bytes(), new SipParserOptions { MaxHeaderLineLength = 100 }).Error);
    }

    [Fact]
    public void A_start_line_longer_than_the_limit_is_rejected()
    {
        var text = Options().Replace("sip:bob@example.com SIP", "sip:" + new string('b', 300) + "@example.com SIP", StringComparison.Ordinal);

        Assert.Equal(SipParseError.HeaderTooLong, SipParser.Parse(text.Bytes(), new SipParserOptions { MaxHeaderLineLength = 256 }).Error);
    }

    [Fact]
    public void A_content_length_above_the_body_limit_is_dropped()
    {
        var result = SipParser.Parse(Options(body: new string('x', 100)).Bytes(), new SipParserOptions { MaxBodySize = 99 });

        Assert.Equal(SipParseError.BodyTooLarge, result.Error);
    }

    [Fact]
    public void Folded_header_value_keeps_its_line_break_and_is_read_through_by_typed_values()
    {
        var m = Options("Supported: path,\r\n  outbound\r\n").ParseOk();

        Assert.Equal("path,\r\n  outbound", m.Headers.GetValue(SipHeaderId.Supported).ToString());
        Assert.Equal(["path", "outbound"], m.Supported.ToList().Select(t => t.ToString()));
    }

    [Fact]
    public void Compact_and_long_names_in_any_case_map_to_the_same_header()
    {
        var text = "INVITE sip:bob@example.com SIP/2.0\r\n" +
            "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n" +
            "VIA: SIP/2.0/UDP b.example.com;branch=z9hG4bK2\r\n" +
            "t: <sip:bob@example.com>\r\nf: <sip:alice@example.com>;tag=1\r\ni: abc\r\nCSEQ: 1 INVITE\r\n" +
            "m: <sip:alice@a.example.com>\r\nk: timer\r\nc: application/sdp\r\ns: Hello\r\no: presence\r\nu: talk\r\n" +
            "e: gzip\r\nr: <sip:carol@example.com>\r\nb: <sip:dave@example.com>\r\nx: 90\r\nl: 0\r\n\r\n";

        var m = text.ParseOk();

        Assert.Equal(2, m.Via.Count);
        Assert.Equal("abc", m.CallId.ToString());
        Assert.Equal("alice", Assert.Single(m.Contact.ToList()).Uri.User.ToString());
        Assert.Equal("timer", Assert.Single(m.Supported.ToList()).ToString());
        Assert.True(m.ContentType.IsSdp);
        foreach (var id in new[] { SipHeaderId.Subject, SipHeaderId.Event, SipHeaderId.AllowEvents, SipHeaderId.ContentEncoding, SipHeaderId.ReferTo, SipHeaderId.ReferredBy, SipHeaderId.SessionExpires })
        {
            Assert.True(m.Headers.Contains(id), id.ToString());
        }

        Assert.Equal("v", m.Headers[0].Name.ToString());
        Assert.Equal(SipHeaderId.Via, SipHeaderNames.Lookup("vIa"));
        Assert.Equal(SipHeaderId.WwwAuthenticate, SipHeaderNames.Lookup("www-authenticate"u8));
        Assert.Equal('v', SipHeaderNames.GetCompactForm(SipHeaderId.Via));
        Assert.Equal("Call-ID", SipHeaderNames.GetName(SipHeaderId.CallId));
    }

    [Fact]
    public void Multiple_contact_headers_and_values_are_read_in_order()
    {
        var m = Options("Contact: <sip:a@x.example.com>;q=0.7, \"B, the second\" <sip:b@y.example.com>;expires=60\r\nContact: sip:c@z.example.com;q=1\r\n").ParseOk();

        var contacts = m.Contact.ToList();
        Assert.Equal(["a", "b", "c"], contacts.Select(c => c.Uri.User.ToString()));
        Assert.Equal(0.7, contacts[0].Q);
        Assert.Equal("B, the second", contacts[1].DisplayName.ToString());
        Assert.Equal(60u, contacts[1].Expires);
        Assert.Equal(1.0, contacts[2].Q);
        Assert.True(m.Contact.AllValid);
    }

    [Fact]
    public void Wildcard_contact_is_read_as_such_and_may_not_be_mixed_with_addresses()
    {
        var star = Options("Contact: *\r\nExpires: 0\r\n").ParseOk();
        Assert.True(Assert.Single(star.Contact.ToList()).IsWildcard);

        var mixed = SipParser.Parse(Options("Contact: *, <sip:a@b.example.com>\r\n").Bytes(), new SipParserOptions { Validation = SipValidation.Full });
        Assert.Equal(SipParseError.InvalidHeaderValue, mixed.Error);
        Assert.Equal(SipHeaderId.Contact, mixed.Failure!.Header);
    }

    [Theory]
    [InlineData("Max-Forwards: 256\r\n", SipHeaderId.MaxForwards)]
    [InlineData("Expires: 4294967296\r\n", SipHeaderId.Expires)]
    [InlineData("Expires: soon\r\n", SipHeaderId.Expires)]
    public void Out_of_range_scalars_are_rejected(string header, SipHeaderId id)
    {
        var text = Options(header).Replace("Max-Forwards: 70\r\n", header.StartsWith("Max", StringComparison.Ordinal) ? string.Empty : "Max-Forwards: 70\r\n", StringComparison.Ordinal);

        var result = SipParser.Parse(text.Bytes());

        Assert.Equal(SipParseError.InvalidHeaderValue, result.Error);
        Assert.Equal(id, result.Failure!.Header);
    }

    [Fact]
    public void A_request_without_via_cannot_be_answered_and_is_dropped()
    {
        var result = SipParser.Parse(Options().Replace("Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK776asdhds\r\n", string.Empty, StringComparison.Ordinal).Bytes());

        Assert.Equal(SipParseError.MissingHeader, result.Error);
        Assert.Equal(SipHeaderId.Via, result.Failure!.Header);
        Assert.Equal(SipErrorDisposition.Drop, result.Failure.Disposition);
    }

    [Fact]
    public void A_malformed_response_is_always_dropped()
    {
        var result = SipParser.Parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\nl: 0\r\n\r\n".Bytes());

        Assert.Equal(SipParseError.MissingHeader, result.Error);
        Assert.Equal(SipErrorDisposition.Drop, result.Failure!.Disposition);
        Assert.Null(result.Failure.Request);
    }

    [Theory]
    [InlineData("SIP/2.0 099 Too Low")]
    [InlineData("SIP/2.0 700 Too High")]
    [InlineData("SIP/2.0 20 Short")]
    [InlineData("SIP/2.0 2000 Long")]
    public void Status_codes_outside_100_to_699_are_dropped(string statusLine)
    {
        var result = SipParser.Parse((statusLine + "\r\n" + Headers + "l: 0\r\n\r\n").Bytes());

        Assert.Equal(SipParseError.InvalidStatusCode, result.Error);
        Assert.Equal(SipErrorDisposition.Drop, result.Failure!.Disposition);
    }

    [Fact]
    public void A_status_line_without_the_space_before_an_empty_reason_is_tolerated()
    {
        var m = (SipResponse)("SIP/2.0 180\r\n" + Headers.Replace("OPTIONS", "INVITE", StringComparison.Ordinal) + "l: 0\r\n\r\n").ParseOk();

        Assert.Equal(180, m.StatusCode);
        Assert.Equal(string.Empty, m.ReasonPhrase);
    }

    [Fact]
    public void Ipv6_references_follow_rfc_5118()
    {
        var text = "REGISTER sip:[2001:db8::10]:5070;transport=tcp SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=2001:db8::9:255;rport\r\n" +
            "Max-Forwards: 70\r\nTo: <sip:user@[2001:db8::10:5070]>\r\nFrom: <sip:user@example.com>;tag=81x2\r\n" +
            "Call-ID: SSG9559905523997077@hlau_4100\r\nCSeq: 1 REGISTER\r\n" +
            "Contact: \"Caller\" <sip:caller@[::ffff:192.0.2.1]>\r\nl: 0\r\n\r\n";

        var m = (SipRequest)text.ParseOk(new SipParserOptions { Validation = SipValidation.Full });

        Assert.Equal(SipHostKind.IPv6, m.RequestUri.HostKind);
        Assert.Equal("[2001:db8::10]", m.RequestUri.Host.ToString());
        Assert.Equal(5070, m.RequestUri.Port);
        Assert.Equal("[2001:db8::9:1]", m.TopVia.Host.ToString());
        Assert.Equal(6050, m.TopVia.Port);
        Assert.Equal("2001:db8::9:255", m.TopVia.Received.ToString());
        Assert.True(m.TopVia.HasRport);
        Assert.Null(m.TopVia.Rport);
        Assert.Equal("[2001:db8::10:5070]", m.To.Uri.Host.ToString());
        Assert.Null(m.To.Uri.Port);
        Assert.Equal("[::ffff:192.0.2.1]", Assert.Single(m.Contact.ToList()).Uri.Host.ToString());
    }

    [Theory]
    [InlineData("sip:[2001:db8:::1]")]
    [InlineData("sip:[2001:db8::1")]
    [InlineData("sip:[1:2:3:4:5:6:7:8:9]")]
    [InlineData("sip:[2001:db8::g]")]
    public void Malformed_ipv6_request_uris_are_rejected(string uri)
    {
        var result = SipParser.Parse(Options().Replace("OPTIONS sip:bob@example.com", "OPTIONS " + uri, StringComparison.Ordinal).Bytes());

        Assert.Equal(SipParseError.InvalidRequestUri, result.Error);
        Assert.Equal(400, result.Failure!.StatusCode);
    }

    [Fact]
    public void Header_values_are_readable_as_spans_without_copies()
    {
        var bytes = Options("X-Custom: some value\r\n").Bytes();
        var m = SipParser.Parse(bytes).Message!;

        Assert.True(m.Headers.TryGetValue("x-custom", out var value));
        Assert.True(value.Span.SequenceEqual("some value"u8));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(value.Memory, out var segment));
        Assert.Same(bytes, segment.Array);
    }

    [Fact]
    public void Parsing_with_an_owner_hands_the_buffer_to_the_message()
    {
        var owner = new TrackingOwner();
        var result = SipParser.Parse(Options().Bytes(), owner);

        Assert.True(result.IsSuccess);
        Assert.False(owner.Disposed);
        result.Message.Dispose();
        Assert.True(owner.Disposed);
        Assert.Equal(0, result.Message.Headers.Count);
    }

    [Fact]
    public void A_failed_parse_that_keeps_nothing_disposes_the_owner_at_once()
    {
        var owner = new TrackingOwner();

        var result = SipParser.Parse("garbage\r\n\r\n".Bytes(), owner);

        Assert.False(result.IsSuccess);
        Assert.True(owner.Disposed);
    }

    [Fact]
    public void Validator_flags_a_built_request_whose_cseq_names_another_method()
    {
        var request = new SipRequest(SipMethod.Bye, SipUri.Parse("sip:bob@example.com"));
        request.Headers.Add(SipHeaderId.Via, "SIP/2.0/UDP h.example.com;branch=z9hG4bK1");
        request.Headers.Add(SipHeaderId.From, "<sip:a@example.com>;tag=1");
        request.Headers.Add(SipHeaderId.To, "<sip:b@example.com>;tag=2");
        request.Headers.Add(SipHeaderId.CallId, "x");
        request.Headers.Add(SipHeaderId.CSeq, "2 INVITE");

        var failure = SipMessageValidator.Validate(request);

        Assert.NotNull(failure);
        Assert.Equal(SipParseError.CSeqMethodMismatch, failure.Error);
        request.Headers.Set(SipHeaderId.CSeq, "2 BYE");
        Assert.Null(SipMessageValidator.Validate(request));
    }

    private sealed class TrackingOwner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private static readonly string[] StartLinePieces =
    [
        "INVITE", "REGISTER", "OPTIONS", "FOO", "sip:a@b", "sip:bob@example.com;transport=ws", "sips:x@[::1]:5061", "sip:a@b?x=y",
        "SIP/2.0", "sip/2.0", "SIP/2.1", "SIP/20", "SIP/", "200", "486", "99", "OK", "Busy Here", " ", " ", " ", "  ", "\t", "\r", "x",
    ];

    [Property(MaxTest = 1000)]
    public void A_start_line_reads_the_same_in_a_short_datagram_and_in_a_long_one(int[] picks)
    {
        // The start line's LF, CRs and spaces come from one 64-byte compare when 64 bytes follow its
        // start, from searches otherwise: the same line must give the same outcome both ways.
        // (No LF in the line, and not empty: either would make a later line the start line.)
        var line = string.Concat((picks ?? []).Take(8).Select(p => StartLinePieces[(int)((uint)p % StartLinePieces.Length)]));
        if (line.Length == 0)
        {
            line = "SIP/2.0 200 OK";
        }

        if (line.Length > 59)
        {
            line = line[..59];
        }

        var none = new SipParserOptions { Validation = SipValidation.None };
        var shortText = line + "\r\n\r\n";
        var longText = line + "\r\nX-Pad: " + new string('a', 80) + "\r\n\r\n";
        var a = SipParser.Parse(shortText.Bytes(), none);
        var b = SipParser.Parse(longText.Bytes(), none);

        Assert.True(shortText.Length < 64 && longText.Length >= 64 + line.Length);
        Assert.Equal(a.IsSuccess, b.IsSuccess);
        Assert.Equal(a.Error, b.Error);
        Assert.Equal(a.Failure?.Detail, b.Failure?.Detail);
        if (a.IsSuccess && a.Request is { } ra)
        {
            Assert.Equal(ra.Method, b.Request!.Method);
            Assert.Equal(ra.RequestUri.Raw.ToString(), b.Request.RequestUri.Raw.ToString());
        }
        else if (a.IsSuccess)
        {
            Assert.Equal(a.Response!.StatusCode, b.Response!.StatusCode);
            Assert.Equal(a.Response.ReasonPhrase.ToString(), b.Response.ReasonPhrase.ToString());
        }
    }

    [Theory]
    [InlineData("OPTIONS sip:bob@example.com SIP/2.0\r\n", true, "")]
    [InlineData("OPTIONS sip:bob@example.com;transport=tcp;maddr=host-with-a-long-name.example.com SIP/2.0\r\n", true, "")]
    [InlineData("OPTIONS  sip:bob@example.com SIP/2.0\r\n", false, "Malformed Request-Line spacing")]
    [InlineData("OPTIONS sip:bob@example.com SIP/2.0 \r\n", false, "Malformed Request-Line spacing")]
    [InlineData("OPTIONS sip:bob@example.com\rSIP/2.0\r\n", false, "Bare CR in start line")]
    [InlineData("OPTIONS sip:bob@example.com;transport=tcp;maddr=host-with-a-long-name.example.com\rSIP/2.0\r\n", false, "Bare CR in start line")]
    [InlineData("OPTIONS sip:bob@example.com SIP/2.0\n", false, "Start line does not end with CRLF")]
    [InlineData("OPTIONS sip:bob@example.com SIP/3.0\r\n", false, "Unsupported SIP version")]
    public void Start_lines_before_many_headers_are_checked_as_before(string startLine, bool ok, string detail)
    {
        // The headers put at least 64 bytes after the start line's start (the one-compare path); the
        // second line above is longer than 64 bytes (the searches).
        var result = SipParser.Parse((startLine + Headers + "Content-Length: 0\r\n\r\n").Bytes());

        Assert.Equal(ok, result.IsSuccess);
        Assert.Equal(ok ? null : detail, result.Failure?.Detail);
    }
}
