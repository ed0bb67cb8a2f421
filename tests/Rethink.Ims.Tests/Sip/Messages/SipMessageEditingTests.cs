using System.Buffers;
using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>Building, editing and writing messages.</summary>
public class SipMessageEditingTests
{
    private static string Text(SipMessage m) => Encoding.UTF8.GetString(SipMessageWriter.ToArray(m));

    [Fact]
    public void Forwarding_edits_touch_only_the_edited_headers_and_keep_unknown_ones_byte_for_byte()
    {
        var bytes = SipTestData.Rfc4475("wsinv.dat");
        var m = SipParser.Parse(bytes).Message!;
        var before = Text(m);

        m.Headers.Prepend(SipHeaderId.Via, "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKproxy1");
        m.Headers.Set(SipHeaderId.MaxForwards, m.MaxForwards!.Value - 1);
        Assert.True(m.Headers.RemoveFirstValue(SipHeaderId.Route));
        var after = Text(m);

        Assert.Contains("NewFangledHeader:   newfangled value\r\n continued newfangled value\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("NewFangledHeader: newfangled value\r\n continued newfangled value\r\n", after, StringComparison.Ordinal);
        Assert.Contains("UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Route:", after, StringComparison.Ordinal);
        Assert.Contains("MaX-fOrWaRdS: 67\r\n", after, StringComparison.Ordinal);
        Assert.True(after.IndexOf("proxy.example.com", StringComparison.Ordinal) < after.IndexOf("Via: SIP  /   2.0", StringComparison.Ordinal));

        var again = SipParser.Parse(Encoding.UTF8.GetBytes(after)).Message!;
        Assert.Equal(4, again.Via.Count);
        Assert.Equal("proxy.example.com", again.TopVia.Host.ToString());
        Assert.Equal(67, again.MaxForwards);
        Assert.True(again.Body.Span.SequenceEqual(m.Body.Span));
        Assert.Equal(before.Length - before.IndexOf("\r\n\r\n", StringComparison.Ordinal), after.Length - after.IndexOf("\r\n\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_header_values_are_written_as_UTF_8_and_refuse_line_breaks()
    {
        using var response = new SipResponse(200);

        response.Headers.Add(SipHeaderId.Subject, "Grüße");
        response.Headers.Insert(0, SipHeaderId.Warning, "399 edge \"ok\"");

        Assert.Equal("399 edge \"ok\"", response.Headers.GetValue(SipHeaderId.Warning).ToString());
        Assert.Equal("Grüße"u8.ToArray(), response.Headers.GetValue(SipHeaderId.Subject).Span.ToArray());
        Assert.Throws<ArgumentException>(() => response.Headers.Add(SipHeaderId.Subject, "a\r\nVia: injected"));
        Assert.Equal(2, response.HeaderCount);
    }

    [Fact]
    public void Responses_with_the_standard_reason_phrase_share_it_and_others_keep_their_own()
    {
        using var standard = new SipResponse(486, "Busy Here");
        using var defaulted = new SipResponse(486);
        using var custom = new SipResponse(486, "Busy (in a meeting)");

        Assert.Equal("Busy Here", standard.ReasonPhrase);
        Assert.True(standard.RawReasonPhrase.Memory.Equals(defaulted.RawReasonPhrase.Memory));
        Assert.Equal("Busy (in a meeting)", custom.ReasonPhrase);
    }

    [Fact]
    public void Removing_the_first_value_of_a_combined_header_keeps_the_others()
    {
        var m = ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n" +
            "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>,<sip:p3.example.com;lr>\r\nl: 0\r\n\r\n").ParseOk();

        Assert.True(m.Headers.RemoveFirstValue(SipHeaderId.Route));
        Assert.Equal("<sip:p2.example.com;lr>,<sip:p3.example.com;lr>", m.Headers.GetValue(SipHeaderId.Route).ToString());
        Assert.True(m.Headers.RemoveFirstValue(SipHeaderId.Route));
        Assert.True(m.Headers.RemoveFirstValue(SipHeaderId.Route));
        Assert.False(m.Headers.Contains(SipHeaderId.Route));
        Assert.False(m.Headers.RemoveFirstValue(SipHeaderId.Route));
    }

    [Fact]
    public void Typed_values_follow_edits()
    {
        var m = SipParser.Parse(SipTestData.Bench("register-ws.txt")).Message!;
        Assert.Equal("z9hG4bK6316744", m.TopVia.Branch.ToString());
        Assert.Equal("hh7tk8n4oe", m.From.Tag.ToString());

        m.Headers.Prepend(SipHeaderId.Via, "SIP/2.0/TCP edge.example.com;branch=z9hG4bKedge");
        m.Headers.Set(SipHeaderId.From, "<sip:bob@example.com>;tag=new");
        m.Headers.Set(SipHeaderId.CSeq, "3 REGISTER");

        Assert.Equal("z9hG4bKedge", m.TopVia.Branch.ToString());
        Assert.Equal("new", m.From.Tag.ToString());
        Assert.Equal(3u, m.CSeq.Number);
        Assert.Equal(2, m.Via.Count);
    }

    [Fact]
    public void Expires_kept_from_validation_follows_edits()
    {
        // The validator reads Expires and the message keeps it: an edit must not leave the old value.
        var m = SipParser.Parse(SipTestData.Bench("register-ws.txt")).Message!;
        Assert.Equal(600u, m.Expires);

        m.Headers.Set(SipHeaderId.Expires, "0");
        Assert.Equal(0u, m.Expires);
        m.Headers.Set(SipHeaderId.Expires, "soon");
        Assert.Null(m.Expires);
        m.Headers.Set(SipHeaderId.Expires, 3600);
        Assert.Equal(3600u, m.Expires);
        Assert.Equal(1, m.Headers.Remove(SipHeaderId.Expires));
        Assert.Null(m.Expires);
        m.Headers.Add(SipHeaderId.Expires, "7");
        Assert.Equal(7u, m.Expires);
        m.Dispose();
        Assert.Null(m.Expires);
    }

    [Fact]
    public void Header_collection_adds_inserts_removes_and_finds_by_name()
    {
        var m = SipParser.Parse(SipTestData.Bench("register-ws.txt")).Message!;
        var count = m.Headers.Count;

        m.Headers.Add("X-Trace", "abc");
        m.Headers.Add(SipHeaderId.Path, "<sip:edge.example.com;lr>");
        m.Headers.Insert(0, SipHeaderId.Route, "<sip:first.example.com;lr>");

        Assert.Equal(count + 3, m.Headers.Count);
        Assert.Equal(SipHeaderId.Route, m.Headers[0].Id);
        Assert.Equal("Route", m.Headers[0].Name.ToString());
        Assert.Equal("abc", m.Headers[m.Headers.IndexOf("x-trace")].Value.ToString());
        Assert.Equal(1, m.Headers.Remove("X-TRACE"));
        Assert.Equal(1, m.Headers.Remove(SipHeaderId.Route));
        Assert.Equal(1, m.Headers.Remove("l"));
        Assert.False(m.Headers.Contains(SipHeaderId.ContentLength));
        m.Headers.RemoveAt(m.Headers.IndexOf(SipHeaderId.Path));
        Assert.Equal(count - 1, m.Headers.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Headers[m.Headers.Count]);
        Assert.Throws<ArgumentException>(() => m.Headers.Add("X-Bad", "a\r\nInjected: b"));
        Assert.Throws<ArgumentException>(() => m.Headers.Add("Bad Name", "x"));

        // Writing adds the Content-Length a stream needs when it is missing.
        var reparsed = SipParser.Parse(SipMessageWriter.ToArray(m)).Message!;
        Assert.Equal(0, reparsed.ContentLength);
    }

    [Fact]
    public void Setting_a_body_sets_content_length_and_type()
    {
        var request = new SipRequest(SipMethod.Message, SipUri.Parse("sip:bob@example.com"));
        request.Headers.Add(SipHeaderId.Via, "SIP/2.0/WSS client.invalid;branch=" + SipIdentifiers.NewBranch());
        request.Headers.Add(SipHeaderId.MaxForwards, "70");
        request.Headers.Add(SipHeaderId.From, "<sip:alice@example.com>;tag=" + SipIdentifiers.NewTag());
        request.Headers.Add(SipHeaderId.To, "<sip:bob@example.com>");
        request.Headers.Add(SipHeaderId.CallId, SipIdentifiers.NewCallId());
        request.Headers.Add(SipHeaderId.CSeq, "1 MESSAGE");
        request.SetBody("Hello\r\n\r\nworld"u8.ToArray(), "text/plain");

        var text = Text(request);
        var m = (SipRequest)text.ParseOk(new SipParserOptions { Validation = SipValidation.Full });

        Assert.StartsWith("MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/WSS client.invalid;branch=z9hG4bK", text, StringComparison.Ordinal);
        Assert.Equal(14, m.ContentLength);
        Assert.Equal("Hello\r\n\r\nworld", Encoding.UTF8.GetString(m.Body.Span));
        Assert.True(m.ContentType.Is("text"u8, "plain"u8));
    }

    [Fact]
    public void Writer_fills_spans_and_buffer_writers_and_reports_a_short_span()
    {
        var m = SipParser.Parse(SipTestData.Bench("ok-200.txt")).Message!;
        var length = SipMessageWriter.GetLength(m);

        Assert.False(SipMessageWriter.TryWrite(m, new byte[length - 1], out var none));
        Assert.Equal(0, none);
        var span = new byte[length + 10];
        Assert.True(SipMessageWriter.TryWrite(m, span, out var written));
        Assert.Equal(length, written);
        var writer = new ArrayBufferWriter<byte>();
        Assert.Equal(length, SipMessageWriter.Write(m, writer));
        Assert.True(writer.WrittenSpan.SequenceEqual(span.AsSpan(0, length)));
        Assert.True(writer.WrittenSpan.SequenceEqual(SipTestData.Bench("ok-200.txt")));
    }

    [Fact]
    public void Response_to_a_request_copies_via_from_call_id_cseq_and_tags_to()
    {
        var request = (SipRequest)SipParser.Parse(SipTestData.Bench("register-ws.txt")).Message!;

        var response = SipResponse.CreateFor(request, 200, toTag: "srv1");
        request.Dispose();
        var m = (SipResponse)Text(response).ParseOk();

        Assert.Equal(200, m.StatusCode);
        Assert.Equal("OK", m.ReasonPhrase);
        Assert.Equal("z9hG4bK6316744", m.TopVia.Branch.ToString());
        Assert.Equal("hh7tk8n4oe", m.From.Tag.ToString());
        Assert.Equal("srv1", m.To.Tag.ToString());
        Assert.Equal("<sip:alice@sip.example.com>;tag=srv1", m.Headers.GetValue(SipHeaderId.To).ToString());
        Assert.Equal("2i9q0bk1t3ujr6ld1qjqm7", m.CallId.ToString());
        Assert.Equal(new SipCSeq(2, SipMethod.Register), m.CSeq);
        Assert.False(m.Headers.Contains(SipHeaderId.Contact));
        Assert.False(m.Headers.Contains(SipHeaderId.Authorization));
    }

    [Fact]
    public void Response_keeps_an_existing_to_tag_adds_none_to_100_and_copies_timestamp_to_100()
    {
        var text = "INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h1;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP h2;branch=z9hG4bK2\r\n" +
            "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=existing\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nTimestamp: 54\r\nl: 0\r\n\r\n";
        var request = (SipRequest)text.ParseOk();
        var noTag = (SipRequest)text.Replace(";tag=existing", string.Empty, StringComparison.Ordinal).ParseOk();

        var ok = (SipResponse)Text(SipResponse.CreateFor(request, 180)).ParseOk();
        var trying = (SipResponse)Text(SipResponse.CreateFor(noTag, 100)).ParseOk();
        var random = SipResponse.CreateFor(noTag, 486);

        Assert.Equal("existing", ok.To.Tag.ToString());
        Assert.Equal(2, ok.Via.Count);
        Assert.False(ok.Headers.Contains(SipHeaderId.Timestamp));
        Assert.False(trying.To.HasTag);
        Assert.Equal("54", trying.Headers.GetValue(SipHeaderId.Timestamp).ToString());
        Assert.Equal(16, random.To.Tag.Length);
        Assert.Equal("Busy Here", random.ReasonPhrase);
    }

    [Fact]
    public void Response_to_an_invalid_request_echoes_only_what_it_has()
    {
        var result = SipParser.Parse(SipTestData.Rfc4475("insuf.dat"));
        var failure = result.Failure!;

        var response = SipResponse.CreateFor(failure.Request!, failure.StatusCode, failure.ReasonPhrase);
        var m = SipParser.Parse(SipMessageWriter.ToArray(response), new SipParserOptions { Validation = SipValidation.None }).Message!;

        Assert.Equal("Bad Request (Missing Call-ID header)", ((SipResponse)m).ReasonPhrase);
        Assert.Equal(1, m.Via.Count);
        Assert.Equal(193942u, m.CSeq.Number);
        Assert.False(m.Headers.Contains(SipHeaderId.From));
        Assert.False(m.Headers.Contains(SipHeaderId.To));
        Assert.False(m.Headers.Contains(SipHeaderId.CallId));
    }

    [Fact]
    public void Request_uri_and_status_line_can_be_changed()
    {
        var request = (SipRequest)SipParser.Parse(SipTestData.Bench("invite-webrtc.txt")).Message!;
        request.RequestUri = SipUri.Parse("sip:bob@192.0.2.7:5060;transport=udp");
        Assert.StartsWith("INVITE sip:bob@192.0.2.7:5060;transport=udp SIP/2.0\r\n", Text(request), StringComparison.Ordinal);

        var response = new SipResponse(183);
        response.StatusCode = 180;
        response.ReasonPhrase = "Ringing";
        Assert.StartsWith("SIP/2.0 180 Ringing\r\n", Text(response), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => response.ReasonPhrase = "a\r\nb");
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipResponse(99));
    }
}
