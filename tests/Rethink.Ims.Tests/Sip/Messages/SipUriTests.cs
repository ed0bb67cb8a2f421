using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipUriTests
{
    [Fact]
    public void Sip_uri_parts_are_read_as_written()
    {
        var uri = SipUri.Parse("sips:alice:secret@Atlanta.example.com:5061;transport=tls;lr?subject=project%20x&priority=urgent");

        Assert.Equal(SipUriScheme.Sips, uri.Scheme);
        Assert.Equal("alice", uri.User.ToString());
        Assert.True(uri.HasPassword);
        Assert.Equal("secret", uri.Password.ToString());
        Assert.Equal("Atlanta.example.com", uri.Host.ToString());
        Assert.Equal(SipHostKind.DomainName, uri.HostKind);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tls", uri.Transport.ToString());
        Assert.True(uri.IsLooseRouter);
        Assert.Equal(2, uri.Parameters.Count);
        Assert.True(uri.HasHeaders);
        Assert.Equal("subject=project%20x&priority=urgent", uri.Headers.ToString());
    }

    [Fact]
    public void A_uri_without_user_has_an_empty_user()
    {
        var uri = SipUri.Parse("sip:proxy.example.com:5060;lr");

        Assert.False(uri.HasUser);
        Assert.Equal("proxy.example.com", uri.Host.ToString());
        Assert.Equal(5060, uri.Port);
    }

    [Fact]
    public void Ipv4_hosts_are_recognised()
    {
        Assert.Equal(SipHostKind.IPv4, SipUri.Parse("sip:192.0.2.4").HostKind);
        Assert.Equal(SipHostKind.DomainName, SipUri.Parse("sip:192.0.2.example.com").HostKind);
    }

    [Fact]
    public void Tel_uris_keep_the_number_as_user_and_their_parameters()
    {
        var uri = SipUri.Parse("tel:+1-201-555-0123;phone-context=example.com");

        Assert.Equal(SipUriScheme.Tel, uri.Scheme);
        Assert.Equal("+1-201-555-0123", uri.User.ToString());
        Assert.Equal("example.com", uri.Parameters.GetValue("phone-context"u8).ToString());
        Assert.False(SipUri.TryParse("tel:+", out _));
    }

    [Theory]
    [InlineData("urn:uuid:2c6e0b4e-5d8a-4f3b-9a1c-7e2d6f4b8a10", "urn")]
    [InlineData("http://www.example.com/a?b=c", "http")]
    [InlineData("soap.beep://192.0.2.103:3002", "soap.beep")]
    public void Other_schemes_are_kept_opaque(string text, string scheme)
    {
        var uri = SipUri.Parse(text);

        Assert.Equal(SipUriScheme.Other, uri.Scheme);
        Assert.Equal(scheme, uri.SchemeName.ToString());
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:user@")]
    [InlineData("sip:user@host:99999")]
    [InlineData("sip:user@host:")]
    [InlineData("sip:us er@host")]
    [InlineData("sip:user@ho st")]
    [InlineData("sip:user@host;=x")]
    [InlineData("sip:user@host;x=")]
    [InlineData("sip:user@host?noequals")]
    [InlineData("sip:user%4@host")]
    [InlineData("sip:user@-host.example.com")]
    [InlineData("sip:user@host..example.com")]
    [InlineData("<sip:user@host>")]
    [InlineData("1sip:user@host")]
    [InlineData("mailto:")]
    public void Malformed_uris_do_not_parse(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SipUri.Parse(text));
    }

    [Fact]
    public void Escapes_are_resolved_once_and_never_recursively()
    {
        var uri = SipUri.Parse("sip:%2541@example.com");

        Assert.Equal("%41", uri.User.Unescape().ToString());
        Assert.Equal("A", uri.User.Unescape().Unescape().ToString());
    }

    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp")]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5")]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5")]
    [InlineData("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com")]
    public void Equivalent_uris_per_rfc_3261_19_1_4(string a, string b)
    {
        Assert.True(SipUri.Parse(a).IsEquivalentTo(SipUri.Parse(b)));
        Assert.True(SipUri.Parse(b).IsEquivalentTo(SipUri.Parse(a)));
    }

    [Theory]
    [InlineData("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP")]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060")]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp")]
    [InlineData("sip:carol@chicago.com", "sips:carol@chicago.com")]
    [InlineData("sip:carol@chicago.com;newparam=6", "sip:carol@chicago.com;newparam=5")]
    public void Different_uris_per_rfc_3261_19_1_4(string a, string b)
    {
        Assert.False(SipUri.Parse(a).IsEquivalentTo(SipUri.Parse(b)));
    }

    [Fact]
    public void Parsing_keeps_slices_of_the_given_memory()
    {
        var bytes = "sip:bob@example.com"u8.ToArray();
        Assert.True(SipUri.TryParse(bytes, out var uri));

        bytes[4] = (byte)'r';

        Assert.Equal("rob", uri.User.ToString());
    }
}
