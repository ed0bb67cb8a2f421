using System.Net;
using System.Text;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Transport;

public class SipViaRulesTests
{
    private static readonly IPEndPoint Source = new(IPAddress.Parse("192.0.2.7"), 40123);

    private static SipRequest Request(string via)
    {
        var text = $"OPTIONS sip:example.com SIP/2.0\r\nVia: {via}\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:example.com>\r\n" +
            "Call-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.True(result.IsSuccess, result.ToString());
        return result.Request!;
    }

    private static string TopVia(SipRequest request) => request.TopVia.ToString();

    [Fact]
    public void Sent_by_equal_to_the_source_without_rport_is_left_alone()
    {
        using var request = Request("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1");
        Assert.False(SipViaRules.Stamp(request, Source));
        Assert.Equal("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1", TopVia(request));
    }

    [Theory]
    [InlineData("2001:db8::7")]
    [InlineData("fe80:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295")] // 50 characters
    [InlineData("::ffff:255.255.255.255")]
    public void An_IPv6_source_is_stamped_in_its_text_form_scope_id_included(string address)
    {
        var source = new IPEndPoint(IPAddress.Parse(address), 40123);
        using var request = Request("SIP/2.0/UDP client.example.com;rport;branch=z9hG4bK1");
        Assert.True(SipViaRules.Stamp(request, source));
        // An IPv4-mapped source is written as the IPv4 address it maps.
        var expected = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        Assert.Equal($"SIP/2.0/UDP client.example.com;rport=40123;branch=z9hG4bK1;received={expected}", TopVia(request));
    }

    [Fact]
    public void Sent_by_host_name_gets_received()
    {
        using var request = Request("SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK1");
        Assert.True(SipViaRules.Stamp(request, Source));
        Assert.Equal("SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK1;received=192.0.2.7", TopVia(request));
    }

    [Fact]
    public void Empty_rport_is_filled_and_received_added_even_when_the_host_matches()
    {
        using var request = Request("SIP/2.0/UDP 192.0.2.7:5060;rport;branch=z9hG4bK1");
        Assert.True(SipViaRules.Stamp(request, Source));
        Assert.Equal("SIP/2.0/UDP 192.0.2.7:5060;rport=40123;branch=z9hG4bK1;received=192.0.2.7", TopVia(request));
    }

    [Fact]
    public void WebSocket_invalid_host_gets_received_and_keeps_its_parameters()
    {
        using var request = Request("SIP/2.0/WSS abc.invalid;branch=z9hG4bK77;alias");
        Assert.True(SipViaRules.Stamp(request, Source));
        Assert.Equal("SIP/2.0/WSS abc.invalid;branch=z9hG4bK77;alias;received=192.0.2.7", TopVia(request));
    }

    [Fact]
    public void A_received_put_there_by_the_sender_is_replaced()
    {
        using var request = Request("SIP/2.0/UDP host.example;received=10.0.0.1;branch=z9hG4bK1");
        Assert.True(SipViaRules.Stamp(request, Source));
        Assert.Equal("SIP/2.0/UDP host.example;branch=z9hG4bK1;received=192.0.2.7", TopVia(request));
    }

    [Fact]
    public void Only_the_top_Via_changes_and_the_rest_stay_in_order()
    {
        using var request = Request("SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/UDP b.example;branch=z9hG4bK2");
        Assert.True(SipViaRules.Stamp(request, Source));
        var vias = new List<string>();
        foreach (var via in request.Via)
        {
            vias.Add(via.ToString());
        }

        Assert.Equal(["SIP/2.0/UDP a.example;branch=z9hG4bK1;received=192.0.2.7", "SIP/2.0/UDP b.example;branch=z9hG4bK2"], vias);
    }

    [Fact]
    public void IPv4_mapped_source_compares_equal_to_the_IPv4_sent_by()
    {
        using var request = Request("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1");
        Assert.False(SipViaRules.Stamp(request, new IPEndPoint(IPAddress.Parse("192.0.2.7").MapToIPv6(), 5060)));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1;rport=40123;received=192.0.2.7", "192.0.2.7:40123")]
    [InlineData("SIP/2.0/UDP host.example:5070;branch=z9hG4bK1;received=192.0.2.9", "192.0.2.9:5070")]
    [InlineData("SIP/2.0/UDP host.example;branch=z9hG4bK1;received=192.0.2.9", "192.0.2.9:5060")]
    [InlineData("SIP/2.0/UDP 198.51.100.1:5080;branch=z9hG4bK1", "198.51.100.1:5080")]
    public void Unreliable_response_goes_to_received_and_rport_else_sent_by_port_else_5060(string via, string expected)
    {
        using var request = Request(via);
        Assert.Equal(IPEndPoint.Parse(expected), SipViaRules.ResponseDestination(request.TopVia));
        Assert.True(SipViaRules.IsResponseDestination(request.TopVia, IPEndPoint.Parse(expected)));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1;rport=40123;received=192.0.2.7", "192.0.2.7:5070")]
    [InlineData("SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1;received=192.0.2.9", "192.0.2.7:5070")]
    [InlineData("SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1", "192.0.2.70:5060")]
    [InlineData("SIP/2.0/UDP host.example:5070;branch=z9hG4bK1", "192.0.2.7:5070")]
    [InlineData("SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK1", "[2001:db8::1]:5070")]
    public void The_quick_destination_check_says_no_to_another_port_address_or_host_and_leaves_IPv6_to_the_resolution(string via, string endPoint)
    {
        using var request = Request(via);

        // False only means "resolve it" (the last case resolves to that address; the others do not).
        Assert.False(SipViaRules.IsResponseDestination(request.TopVia, IPEndPoint.Parse(endPoint)));
    }

    [Fact]
    public void Response_destination_is_unknown_for_a_host_name_without_received()
    {
        using var request = Request("SIP/2.0/UDP host.example:5070;branch=z9hG4bK1");
        Assert.Null(SipViaRules.ResponseDestination(request.TopVia));
    }
}
