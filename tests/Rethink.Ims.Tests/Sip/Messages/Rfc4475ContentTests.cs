using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>What the tricky RFC 4475 messages contain, read through the typed API.</summary>
public class Rfc4475ContentTests
{
    private static SipMessage Parse(string file)
    {
        var result = SipParser.Parse(SipTestData.Rfc4475(file));
        Assert.True(result.IsSuccess, $"{file}: {result}");
        return result.Message;
    }

    [Fact]
    public void Escnull_keeps_escaped_nul_in_the_aor_and_binds_two_distinct_contacts()
    {
        var m = Parse("escnull.dat");

        Assert.Equal("null-%00-null", m.To.Uri.User.ToString());
        Assert.Equal("null-\0-null"u8.ToArray(), m.To.Uri.User.Unescape().Span.ToArray());
        Assert.Equal(11, m.From.Uri.User.Unescape().Length);
        var contacts = m.Contact.ToList();
        Assert.Equal(2, contacts.Count);
        Assert.Equal([0], contacts[0].Uri.User.Unescape().Span.ToArray());
        Assert.Equal([0, 0], contacts[1].Uri.User.Unescape().Span.ToArray());
        Assert.False(contacts[0].Uri.IsEquivalentTo(contacts[1].Uri));
        Assert.Equal(0, m.ContentLength);
    }

    [Fact]
    public void Esc01_unescapes_once_and_only_where_escapes_are_allowed()
    {
        var m = (SipRequest)Parse("esc01.dat");

        Assert.Equal("sips:user@example.com", m.RequestUri.User.Unescape().ToString());
        Assert.Equal("example.net", m.RequestUri.Host.ToString());
        Assert.Equal("user", m.To.Uri.User.Unescape().ToString());
        Assert.Equal("I have spaces", m.From.Uri.User.Unescape().ToString());
        var contact = Assert.Single(m.Contact.ToList());
        Assert.Equal("caller", contact.Uri.User.Unescape().ToString());
        Assert.True(contact.Uri.IsLooseRouter, "%6C%72 is the lr parameter");
        Assert.True(contact.Uri.Parameters.TryGetValue("name"u8, out var value));
        Assert.Equal("value%41", value.Unescape().ToString());
        Assert.Equal("v%61lue%25%34%31", value.ToString());
    }

    [Fact]
    public void Esc02_percent_is_not_an_escape_in_method_display_name_branch_or_header_name()
    {
        var m = (SipRequest)Parse("esc02.dat");

        Assert.Equal("RE%47IST%45R", m.Method.Name);
        Assert.Equal(SipMethodKind.Extension, m.Method.Kind);
        Assert.Equal("%Z%45", m.From.DisplayName.ToString());
        Assert.Equal("z9hG4bK209%fzsnel234", m.TopVia.Branch.ToString());
        Assert.Equal(2, m.Contact.Count);
        Assert.True(m.Headers.TryGetValue("C%6Fntact", out var other));
        Assert.Equal("<sip:alias2@host2.example.com>", other.ToString());
        Assert.Equal(SipHeaderId.Unknown, m.Headers[m.Headers.IndexOf("C%6Fntact")].Id);
    }

    [Fact]
    public void Semiuri_semicolon_belongs_to_the_user_part()
    {
        var m = (SipRequest)Parse("semiuri.dat");

        Assert.Equal("user;par=u%40example.net", m.RequestUri.User.ToString());
        Assert.Equal("user;par=u@example.net", m.RequestUri.User.Unescape().ToString());
        Assert.Equal("example.com", m.RequestUri.Host.ToString());
        Assert.True(m.RequestUri.Parameters.IsEmpty);
    }

    [Fact]
    public void Wsinv_reads_through_folding_odd_spacing_and_mixed_name_forms()
    {
        var m = (SipRequest)Parse("wsinv.dat");

        Assert.Equal("vivekg", m.RequestUri.User.ToString());
        Assert.True(m.RequestUri.Parameters.Contains("unknownparam"u8));
        Assert.Equal("sip:vivekg@chair-dnrc.example.com", m.To.Uri.ToString());
        Assert.Equal("1918181833n", m.To.Tag.ToString());
        Assert.Equal("J Rosenberg \\\"", m.From.DisplayName.ToString());
        Assert.Equal("98asjd8", m.From.Tag.ToString());
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(new SipCSeq(9, SipMethod.Invite), m.CSeq);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", m.CallId.ToString());

        var vias = m.Via.ToList();
        Assert.Equal(3, vias.Count);
        Assert.Equal((SipTransportKind.Udp, "192.0.2.2", "390skdjuw"), (vias[0].TransportKind, vias[0].Host.ToString(), vias[0].Branch.ToString()));
        Assert.Equal("2.0", vias[0].ProtocolVersion.ToString());
        Assert.Equal((SipTransportKind.Tcp, "spindle.example.com", "z9hG4bK9ikj8"), (vias[1].TransportKind, vias[1].Host.ToString(), vias[1].Branch.ToString()));
        Assert.Equal((SipTransportKind.Udp, "192.168.255.111", "z9hG4bK30239"), (vias[2].TransportKind, vias[2].Host.ToString(), vias[2].Branch.ToString()));
        Assert.Equal(SipHostKind.IPv4, vias[2].HostKind);

        var contact = Assert.Single(m.Contact.ToList());
        Assert.Equal("Quoted string \"\"", contact.DisplayName.ToString());
        Assert.Equal("newvalue", contact.Parameters.GetValue("newparam"u8).ToString());
        Assert.True(contact.Parameters.Contains("secondparam"u8));
        Assert.Equal(0.33, contact.Q);

        Assert.True(m.Headers.TryGetValue(SipHeaderId.Subject, out var subject));
        Assert.True(subject.IsEmpty);
        Assert.True(m.Headers.TryGetValue("NewFangledHeader", out var folded));
        Assert.Equal("newfangled value\r\n continued newfangled value", folded.ToString());
        Assert.True(m.Headers.TryGetValue("UnknownHeaderWithUnusualValue", out var unusual));
        Assert.Equal(";;,,;;,;", unusual.ToString());
        var route = Assert.Single(m.Route.ToList());
        Assert.True(route.Uri.IsLooseRouter);
        Assert.Equal("services.example.com", route.Uri.Host.ToString());
        Assert.Equal(150, m.Body.Length);
    }

    [Fact]
    public void Lwsdisp_accepts_a_display_name_directly_followed_by_the_angle_bracket()
    {
        var m = Parse("lwsdisp.dat");

        Assert.Equal("caller", m.From.DisplayName.ToString());
        Assert.Equal("sip:caller@example.com", m.From.Uri.ToString());
        Assert.Equal("323", m.From.Tag.ToString());
    }

    [Fact]
    public void Longreq_reads_34_vias_in_every_spelling_and_the_long_values()
    {
        var m = Parse("longreq.dat");

        var vias = m.Via.ToList();
        Assert.Equal(34, vias.Count);
        Assert.Equal("sip33.example.com", vias[0].Host.ToString());
        Assert.Equal("host.example.com", vias[^1].Host.ToString());
        Assert.Equal("192.0.2.5", vias[^1].Received.ToString());
        Assert.StartsWith("I have a user name of extreme", m.To.DisplayName.ToString(), StringComparison.Ordinal);
        Assert.Equal(6000, m.To.Uri.Port);
        Assert.Equal(3, m.To.Uri.Parameters.Count);
        Assert.EndsWith("longcallid", m.CallId.ToString(), StringComparison.Ordinal);
        Assert.Equal(150, m.Body.Length);
        Assert.True(m.Headers.Count > 40);
    }

    [Fact]
    public void Transports_reads_known_and_unknown_transport_tokens()
    {
        var m = Parse("transports.dat");

        Assert.Equal(
            [SipTransportKind.Udp, SipTransportKind.Sctp, SipTransportKind.Tls, SipTransportKind.Other, SipTransportKind.Tcp],
            m.Via.ToList().Select(v => v.TransportKind));
        Assert.Equal("UNKNOWN", m.Via.ToList()[3].Transport.ToString());
    }

    [Fact]
    public void Intmeth_keeps_every_valid_character_and_the_quoted_control_bytes()
    {
        var m = (SipRequest)Parse("intmeth.dat");

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Method.Name);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.RequestUri.User.ToString());
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", m.RequestUri.Password.ToString());
        Assert.Equal("example.com", m.RequestUri.Host.ToString());
        Assert.Equal("BEL:\u0007 NUL:\0 DEL:\u007f", m.To.DisplayName.ToString());
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.From.DisplayName.ToString());
        Assert.Equal("_token~1'+`*%!-.", m.From.Tag.ToString());
        Assert.True(m.From.Parameters.TryGetValue("fromParam''~+*_!.-%"u8, out var utf8));
        Assert.Equal("\"\u0432\u0440\u0435\u043c\u0435\u043d\u0441\u043a\u0438\u0439\"".Length, utf8.ToString().Length);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.CallId.ToString());
        Assert.Equal(new SipCSeq(139122385, m.Method), m.CSeq);
        Assert.True(m.Headers.TryGetValue("extensionHeader-!.%*+_`'~", out var ext));
        var bytes = SipTestData.Rfc4475("intmeth.dat");
        var line = bytes.AsSpan(bytes.AsSpan().IndexOf("extensionHeader"u8));
        var expected = line[(line.IndexOf((byte)':') + 1)..line.IndexOf("\r\n"u8)];
        Assert.True(ext.Span.SequenceEqual(expected));
        Assert.StartsWith("\uFEFF", ext.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dblreq_ignores_the_bytes_after_content_length_in_a_datagram()
    {
        var bytes = SipTestData.Rfc4475("dblreq.dat");
        var m = (SipRequest)Parse("dblreq.dat");

        Assert.Equal(SipMethod.Register, m.Method);
        Assert.True(m.Body.IsEmpty);
        Assert.DoesNotContain("INVITE", Encoding.UTF8.GetString(SipMessageWriter.ToArray(m)), StringComparison.Ordinal);
        Assert.Contains("INVITE", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Inv2543_without_content_length_takes_the_rest_of_the_datagram_as_body()
    {
        var bytes = SipTestData.Rfc4475("inv2543.dat");
        var m = Parse("inv2543.dat");

        var headerEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        Assert.Equal(bytes.Length - headerEnd, m.Body.Length);
        Assert.Null(m.ContentLength);
        Assert.Null(m.MaxForwards);
        Assert.True(m.TopVia.Branch.IsEmpty);
        Assert.False(m.TopVia.HasRfc3261Branch);
        Assert.False(m.From.HasTag);
        // In an addr-spec without angle brackets ";user=phone" is a header parameter of To (RFC 3261 §20.10)...
        Assert.Equal("phone", m.To.Parameters.GetValue("user"u8).ToString());
        Assert.True(m.To.Uri.Parameters.IsEmpty);

        // ...and inside angle brackets it is a URI parameter.
        Assert.Equal("phone", m.From.Uri.Parameters.GetValue("user"u8).ToString());

        // Forwarded, it gets the Content-Length a stream transport needs.
        var again = SipParser.Parse(SipMessageWriter.ToArray(m)).Message!;
        Assert.Equal(m.Body.Length, again.ContentLength);
    }

    [Fact]
    public void Mpart01_frames_the_binary_body_by_content_length()
    {
        var bytes = SipTestData.Rfc4475("mpart01.dat");
        var m = Parse("mpart01.dat");

        Assert.Equal(553, m.Body.Length);
        Assert.True(m.Body.Span.SequenceEqual(bytes.AsSpan(bytes.Length - 553)));
        Assert.Equal("7a9cbec02ceef655", m.ContentType.Parameters.GetValue("boundary"u8).ToString());
        Assert.True(m.ContentType.Is("multipart"u8, "mixed"u8));
    }

    [Fact]
    public void Unreason_and_noreason_keep_their_reason_phrases()
    {
        var unreason = (SipResponse)Parse("unreason.dat");
        var noreason = (SipResponse)Parse("noreason.dat");

        Assert.Equal(200, unreason.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 \u043d\u043e", unreason.ReasonPhrase, StringComparison.Ordinal);
        Assert.Equal(100, noreason.StatusCode);
        Assert.Equal(string.Empty, noreason.ReasonPhrase);
    }

    [Fact]
    public void Baddn_with_its_missing_empty_line_added_is_still_rejected_for_the_display_name()
    {
        var bytes = SipTestData.Rfc4475("baddn.dat").Concat("\r\n"u8.ToArray()).ToArray();

        var result = SipParser.Parse(bytes);

        Assert.False(result.IsSuccess);
        Assert.Equal(SipParseError.InvalidHeaderValue, result.Failure.Error);
        Assert.Equal(SipHeaderId.From, result.Failure.Header);
        Assert.Equal(400, result.Failure.StatusCode);
    }

    [Fact]
    public void Baddate_parses_but_its_date_is_not_read_as_a_sip_date()
    {
        var m = Parse("baddate.dat");

        Assert.Equal("Fri, 01 Jan 2010 16:00:00 EST", m.Date.ToString());
        Assert.False(m.TryGetDate(out _));
    }

    [Fact]
    public void Unksm2_keeps_non_sip_uris_opaque()
    {
        var m = Parse("unksm2.dat");

        Assert.Equal(SipUriScheme.Other, m.To.Uri.Scheme);
        Assert.Equal("isbn", m.To.Uri.SchemeName.ToString());
        Assert.Equal("http://www.example.com", m.From.Uri.ToString());
        Assert.Equal("name:John_Smith", Assert.Single(m.Contact.ToList()).Uri.ToString());
    }

    [Fact]
    public void Cparam01_and_cparam02_tell_header_parameters_from_uri_parameters()
    {
        var headerParam = Assert.Single(Parse("cparam01.dat").Contact.ToList());
        var uriParam = Assert.Single(Parse("cparam02.dat").Contact.ToList());

        Assert.True(headerParam.Parameters.Contains("unknownparam"u8));
        Assert.False(headerParam.Uri.Parameters.Contains("unknownparam"u8));
        Assert.False(uriParam.Parameters.Contains("unknownparam"u8));
        Assert.True(uriParam.Uri.Parameters.Contains("unknownparam"u8));
    }

    [Fact]
    public void Regescrt_keeps_the_escaped_route_header_of_the_contact_uri()
    {
        var contact = Assert.Single(Parse("regescrt.dat").Contact.ToList());

        Assert.True(contact.Uri.HasHeaders);
        Assert.Equal("Route=%3Csip:sip.example.com%3E", contact.Uri.Headers.ToString());
    }

    [Fact]
    public void Badbranch_parses_with_a_bare_magic_cookie_branch()
    {
        var m = Parse("badbranch.dat");

        Assert.Equal("z9hG4bK", m.TopVia.Branch.ToString());
    }
}
