using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipHeaderValueTests
{
    private static SipVia Via(string text)
    {
        Assert.True(SipVia.TryParse(text.Bytes(), out var via), text);
        return via;
    }

    private static SipNameAddress Address(string text)
    {
        Assert.True(SipNameAddress.TryParse(text.Bytes(), out var address), text);
        return address;
    }

    [Fact]
    public void Via_exposes_sent_protocol_sent_by_and_parameters()
    {
        var via = Via("SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101;rport=41225;maddr=224.2.0.1;ttl=16;ext=x");

        Assert.Equal("SIP", via.ProtocolName.ToString());
        Assert.Equal("2.0", via.ProtocolVersion.ToString());
        Assert.Equal(SipTransportKind.Tcp, via.TransportKind);
        Assert.Equal("client.example.com", via.Host.ToString());
        Assert.Equal(5060, via.Port);
        Assert.Equal("client.example.com:5060", via.SentBy.ToString());
        Assert.Equal("z9hG4bK74bf9", via.Branch.ToString());
        Assert.Equal("192.0.2.101", via.Received.ToString());
        Assert.Equal(41225, via.Rport);
        Assert.Equal("224.2.0.1", via.Maddr.ToString());
        Assert.Equal(16, via.Ttl);
        Assert.Equal("x", via.Parameters.GetValue("ext"u8).ToString());
    }

    [Fact]
    public void Rport_without_value_is_present_but_has_no_port()
    {
        var via = Via("SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bK1");

        Assert.True(via.HasRport);
        Assert.Null(via.Rport);
        Assert.False(Via("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1").HasRport);
    }

    [Theory]
    [InlineData("branch", "received", "rport", "maddr")]
    [InlineData("BRANCH", "RECEIVED", "RPORT", "MADDR")]
    [InlineData("Branch", "rEcEiVeD", "rPort", "mAddr")]
    public void Via_well_known_parameters_are_found_in_any_case(string branch, string received, string rport, string maddr)
    {
        var via = Via($"SIP/2.0/UDP h;{branch}=z9hG4bK1;{received}=192.0.2.1;{rport}=5;{maddr}=224.0.0.1");

        Assert.Equal("z9hG4bK1", via.Branch.ToString());
        Assert.Equal("192.0.2.1", via.Received.ToString());
        Assert.Equal(5, via.Rport);
        Assert.Equal("224.0.0.1", via.Maddr.ToString());
    }

    [Theory]
    [InlineData("branc")]
    [InlineData("branches")]
    [InlineData("brench")]
    [InlineData("bra-ch")]
    [InlineData("receive")]
    [InlineData("receivee")]
    [InlineData("rpory")]
    [InlineData("maddx")]
    public void Via_parameters_that_only_resemble_well_known_names_are_not_taken_for_them(string name)
    {
        var via = Via($"SIP/2.0/UDP h;{name}=9");

        Assert.True(via.Branch.IsEmpty);
        Assert.True(via.Received.IsEmpty);
        Assert.False(via.HasRport);
        Assert.True(via.Maddr.IsEmpty);
        Assert.True(via.Parameters.TryGetValue(name, out var value));
        Assert.Equal("9", value.ToString());
    }

    [Theory]
    [InlineData("tag", "expires", "+sip.instance", "reg-id", "q")]
    [InlineData("TAG", "EXPIRES", "+SIP.INSTANCE", "REG-ID", "Q")]
    [InlineData("Tag", "eXpIrEs", "+Sip.Instance", "Reg-Id", "q")]
    public void Contact_and_tag_parameters_are_found_in_any_case(string tag, string expires, string instance, string regId, string q)
    {
        var text = $"<sip:a@b>;{tag}=t1;{expires}=60;{instance}=\"<urn:uuid:1>\";{regId}=2;{q}=0.5";
        Assert.True(SipContact.TryParse(text.Bytes(), out var contact));

        Assert.Equal("t1", contact.Address.Tag.ToString());
        Assert.Equal(60u, contact.Expires);
        Assert.Equal("<urn:uuid:1>", contact.Instance.ToString());
        Assert.Equal(2u, contact.RegId);
        Assert.Equal(0.5, contact.Q);
    }

    [Theory]
    [InlineData("tab")]
    [InlineData("tags")]
    [InlineData("expire")]
    [InlineData("expirez")]
    [InlineData("axpires")]
    [InlineData("+sip.instancf")]
    [InlineData("-sip.instance")]
    [InlineData("+sip.instances")]
    [InlineData("reg-ib")]
    [InlineData("regxid")]
    [InlineData("qq")]
    public void Contact_parameters_that_only_resemble_well_known_names_are_not_taken_for_them(string name)
    {
        Assert.True(SipContact.TryParse($"<sip:a@b>;{name}=1".Bytes(), out var contact));

        Assert.False(contact.Address.HasTag);
        Assert.Null(contact.Expires);
        Assert.True(contact.Instance.IsEmpty);
        Assert.Null(contact.RegId);
        Assert.Null(contact.Q);
        Assert.True(contact.Parameters.TryGetValue(name, out var value));
        Assert.Equal("1", value.ToString());
    }

    [Theory]
    [InlineData("SIP/2.0/UDP h;branch=z9hG4bK1", "SIP", "2.0", "UDP")]
    [InlineData("sip/2.0/wss h;branch=z9hG4bK1", "sip", "2.0", "wss")]
    [InlineData("Sip/2.0/Tcp h", "Sip", "2.0", "Tcp")]
    [InlineData(" SIP / 2.0 / UDP h", "SIP", "2.0", "UDP")]
    [InlineData("SIP/2.0 /UDP h", "SIP", "2.0", "UDP")]
    [InlineData("SIP/2.0/ UDP h", "SIP", "2.0", "UDP")]
    [InlineData("sip/2.0/\t tcp h", "sip", "2.0", "tcp")]
    [InlineData("SIP/2.00/UDP h", "SIP", "2.00", "UDP")]
    [InlineData("SIPS/2.0/TLS h", "SIPS", "2.0", "TLS")]
    [InlineData("XIP/3.1/X-NEW h", "XIP", "3.1", "X-NEW")]
    public void Via_sent_protocol_is_read_alike_with_or_without_the_usual_prefix(string text, string name, string version, string transport)
    {
        // "SIP/2.0/" in any case is read by one compare; every other spelling by the token and slash scans.
        var via = Via(text);
        Assert.Equal(name, via.ProtocolName.ToString());
        Assert.Equal(version, via.ProtocolVersion.ToString());
        Assert.Equal(transport, via.Transport.ToString());
        Assert.Equal("h", via.Host.ToString());
    }

    [Theory]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/ h")]
    [InlineData("SIP/2.0/")]
    [InlineData("SIP/2.0/;UDP h")]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/2.0/UDP host;")]
    [InlineData("SIP/2.0/UDP host;;branch=1")]
    [InlineData("SIP/2.0/UDP host;rport=abc")]
    [InlineData("SIP/2.0/UDP host:port")]
    [InlineData("SIP/2.0/UDP [::1")]
    [InlineData("SIP/2.0/UDP host branch=1")]
    public void Malformed_via_values_do_not_parse(string text)
    {
        Assert.False(SipVia.TryParse(text.Bytes(), out _));
    }

    [Fact]
    public void Name_addr_with_quoted_display_name_unquotes_escapes()
    {
        var a = Address("\"Alice \\\"The\\\" Admin\" <sip:alice@example.com;transport=tcp>;tag=abc;x=\"y;z\"");

        Assert.Equal("\"Alice \\\"The\\\" Admin\"", a.RawDisplayName.ToString());
        Assert.Equal("Alice \"The\" Admin", a.DisplayName.ToString());
        Assert.True(a.IsNameAddr);
        Assert.Equal("tcp", a.Uri.Transport.ToString());
        Assert.Equal("abc", a.Tag.ToString());
        Assert.Equal("\"y;z\"", a.Parameters.GetValue("x"u8).ToString());
        Assert.Equal("y;z", a.Parameters.GetValue("x"u8).Unquote().ToString());
    }

    [Fact]
    public void Addr_spec_parameters_belong_to_the_header()
    {
        var a = Address("sip:alice@example.com;tag=abc");

        Assert.False(a.IsNameAddr);
        Assert.True(a.Uri.Parameters.IsEmpty);
        Assert.Equal("abc", a.Tag.ToString());
    }

    [Theory]
    [InlineData("\"unterminated <sip:a@b>")]
    [InlineData("<sip:a@b")]
    [InlineData("< sip:a@b >")]
    [InlineData("Bell, Alexander <sip:a@b>")]
    [InlineData("sip:a@b?subject=x")]
    [InlineData("<sip:a@b> junk")]
    [InlineData("")]
    public void Malformed_name_addr_values_do_not_parse(string text)
    {
        Assert.False(SipNameAddress.TryParse(text.Bytes(), out _));
    }

    [Fact]
    public void A_bare_header_parameter_is_present_with_an_empty_value()
    {
        var a = Address("<sip:a@b>;tag;lr");

        Assert.True(a.HasTag);
        Assert.True(a.Tag.IsEmpty);
        Assert.True(a.Parameters.TryGet("lr"u8, out var lr));
        Assert.False(lr.HasValue);
    }

    [Fact]
    public void Cseq_reads_number_and_method_and_rejects_overflow()
    {
        Assert.True(SipCSeq.TryParse("4294967295 INVITE"u8, out var max));
        Assert.Equal(uint.MaxValue, max.Number);
        Assert.False(SipCSeq.TryParse("4294967296 INVITE"u8, out _));
        Assert.False(SipCSeq.TryParse("INVITE"u8, out _));
        Assert.False(SipCSeq.TryParse("1INVITE"u8, out _));
        Assert.False(SipCSeq.TryParse("1 INVITE x"u8, out _));
    }

    [Fact]
    public void Auth_values_unquote_parameters_and_keep_commas_inside_quotes()
    {
        Assert.True(SipAuthHeaderValue.TryParse(
            "Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com, sip:ss2.carrier.com\", qop=\"auth,auth-int\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5".Bytes(),
            out var challenge));

        Assert.True(challenge.IsDigest);
        Assert.True(challenge.IsWellFormed);
        Assert.Equal("atlanta.com", challenge.Realm.ToString());
        Assert.Equal("sip:ss1.carrier.com, sip:ss2.carrier.com", challenge.Parameters.GetValue("domain"u8).ToString());
        Assert.Equal("auth,auth-int", challenge.Parameters.GetValue("qop"u8).ToString());
        Assert.True(challenge.Parameters.TryGetValue("opaque"u8, out var opaque));
        Assert.True(opaque.IsEmpty);
        Assert.Equal("FALSE", challenge.Parameters.GetValue("stale"u8).ToString());
        Assert.Equal(7, challenge.Parameters.ToList().Count);
    }

    [Theory]
    [InlineData("Digest username=\"alice\",realm=\"r\",nc=00000001,qop=auth")]
    [InlineData("Digest username = \"alice\" , realm= \"r\" ,nc =00000001,  qop\t=\tauth ")]
    [InlineData("Digest username=\r\n \"alice\",\r\n realm=\"r\",\r\n\tnc=00000001 ,qop=auth")]
    public void Auth_parameters_read_the_same_with_or_without_whitespace_around_equals_and_commas(string text)
    {
        Assert.True(SipAuthHeaderValue.TryParse(text.Bytes(), out var credentials));

        Assert.True(credentials.IsWellFormed);
        var names = credentials.Parameters.ToList().Select(p => p.Name.ToString());
        var values = credentials.Parameters.ToList().Select(p => p.Value.Unquote().ToString());
        Assert.Equal(["username", "realm", "nc", "qop"], names);
        Assert.Equal(["alice", "r", "00000001", "auth"], values);
    }

    [Fact]
    public void Auth_value_with_escaped_quote_is_unquoted_with_one_allocation()
    {
        Assert.True(SipAuthHeaderValue.TryParse("Digest username=\"a\\\"b\", realm=r".Bytes(), out var credentials));

        Assert.Equal("a\"b", credentials.Username.ToString());
        Assert.Equal("r", credentials.Realm.ToString());
    }

    [Fact]
    public void Unknown_auth_scheme_parses_and_malformed_parameters_are_reported()
    {
        Assert.True(SipAuthHeaderValue.TryParse("NoOneKnowsThisScheme opaque-data=here".Bytes(), out var other));
        Assert.False(other.IsDigest);
        Assert.True(other.IsWellFormed);
        Assert.Equal("here", other.Parameters.GetValue("opaque-data"u8).ToString());

        Assert.True(SipAuthHeaderValue.TryParse("Digest realm=\"open".Bytes(), out var broken));
        Assert.False(broken.IsWellFormed);
        Assert.False(SipAuthHeaderValue.TryParse(",Digest".Bytes(), out _));
    }

    [Fact]
    public void Media_type_reads_type_subtype_and_parameters()
    {
        Assert.True(SipMediaType.TryParse("multipart/mixed ; boundary=\"b 1\"".Bytes(), out var type));

        Assert.True(type.Is("MULTIPART"u8, "Mixed"u8));
        Assert.Equal("b 1", type.Parameters.GetValue("boundary"u8).Unquote().ToString());
        Assert.False(SipMediaType.TryParse("application".Bytes(), out _));
    }

    [Fact]
    public void Warning_reads_code_agent_and_text()
    {
        var m = ("SIP/2.0 488 Not Acceptable Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n" +
            "Warning: 307 isi.edu \"Session parameter 'foo' not understood\", 301 isi.edu \"Incompatible network address type 'E.164'\"\r\nl: 0\r\n\r\n").ParseOk();

        var warnings = m.Warning.ToList();
        Assert.Equal([307, 301], warnings.Select(w => w.Code));
        Assert.Equal("isi.edu", warnings[0].Agent.ToString());
        Assert.Equal("Session parameter 'foo' not understood", warnings[0].Text.ToString());
    }

    [Fact]
    public void Token_lists_split_at_commas_across_lines_and_compare_exactly_or_ignoring_case()
    {
        var m = ("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n" +
            "Require: 100rel , timer\r\nRequire: Path\r\nProxy-Require: sec-agree\r\nUnsupported: foo\r\nAllow: INVITE, ACK\r\nl: 0\r\n\r\n").ParseOk();

        Assert.Equal(["100rel", "timer", "Path"], m.Require.ToList().Select(t => t.ToString()));
        Assert.False(m.Require.Contains("path"u8));
        Assert.True(m.Require.Contains("path", ignoreCase: true));
        Assert.True(m.ProxyRequire.Contains("sec-agree"));
        Assert.True(m.Unsupported.Contains("foo"u8));
        Assert.False(m.Allow.Contains("invite"u8));
    }

    [Fact]
    public void Route_family_values_are_read_in_order()
    {
        var m = ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n" +
            "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\nRecord-Route: <sip:p3.example.com;lr>\r\nPath: <sip:edge.example.com;lr;ob>\r\n" +
            "Service-Route: <sip:orig@scscf.example.com;lr>\r\nAuthentication-Info: nextnonce=\"abc\", qop=auth\r\nl: 0\r\n\r\n").ParseOk(new SipParserOptions { Validation = SipValidation.Full });

        Assert.Equal(["p1.example.com", "p2.example.com"], m.Route.ToList().Select(r => r.Uri.Host.ToString()));
        Assert.Equal("p3.example.com", Assert.Single(m.RecordRoute.ToList()).Uri.Host.ToString());
        Assert.True(Assert.Single(m.Path.ToList()).Uri.Parameters.Contains("ob"u8));
        Assert.Equal("orig", Assert.Single(m.ServiceRoute.ToList()).Uri.User.ToString());
        Assert.Equal("abc", m.AuthenticationInfo.GetValue("nextnonce"u8).ToString());
    }
}
