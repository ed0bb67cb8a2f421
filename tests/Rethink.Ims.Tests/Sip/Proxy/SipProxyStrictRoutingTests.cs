using Rethink.Ims.Sip.Messages;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>
/// RFC 3261 §16.4 and §16.6 step 6: a strict router's request (our Record-Route value as Request-URI), a maddr naming the
/// proxy, and a next hop that is a strict router; and §16.7 for 3xx: forwarded to the caller, not recursed on.
/// </summary>
public sealed class SipProxyStrictRoutingTests
{
    private static string InDialog(Peer caller, string method, string requestUri, string callId, params string[] routes) =>
        $"{method} {requestUri} SIP/2.0\n" +
        $"Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId}-{method};rport\n" +
        string.Concat(routes.Select(r => $"Route: {r}\n")) +
        $"From: <sip:carol@remote.test>;tag=caller\nTo: <sip:bob@example.com>;tag=callee\nCall-ID: {callId}\n" +
        $"CSeq: 2 {method}\nMax-Forwards: 70\nContent-Length: 0\n\n";

    [Fact]
    public async Task A_strict_routers_request_naming_our_Record_Route_as_Request_URI_goes_to_the_last_Route_value()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var callee = new Peer();
        var ours = $"sip:127.0.0.1:{proxy.Listener.Port};lr";
        var contact = $"sip:callee@{callee.EndPoint}";

        // RFC 2543 style: the route set's first value in the Request-URI, the remote target last in Route.
        await caller.SendAsync(InDialog(caller, "BYE", ours, "strict-1", $"<{contact}>"), proxy.Listener);

        var bye = await callee.ReceiveRequestAsync("BYE");
        Assert.Equal(contact, bye.RequestUri.ToString());
        Assert.True(bye.Route.IsEmpty, "the last Route value became the Request-URI and was removed");
        Assert.Equal(2, bye.Via.Count);
    }

    [Fact]
    public async Task A_strict_routers_Request_URI_with_more_routes_keeps_the_others_in_order()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var next = new Peer();
        var ours = $"sip:127.0.0.1:{proxy.Listener.Port};lr";
        var contact = "sip:callee@192.0.2.44:5060";

        await caller.SendAsync(InDialog(caller, "BYE", ours, "strict-2", $"<sip:{next.EndPoint};lr>", $"<{contact}>"), proxy.Listener);

        var bye = await next.ReceiveRequestAsync("BYE");
        Assert.Equal(contact, bye.RequestUri.ToString());
        Assert.Equal($"<sip:{next.EndPoint};lr>", Assert.Single(Values(bye.Route)));
    }

    [Fact]
    public async Task A_next_hop_without_lr_gets_the_Request_URI_and_the_old_one_goes_last_in_Route()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var strict = new Peer();
        var contact = "sip:callee@192.0.2.44:5060";

        await caller.SendAsync(
            InDialog(caller, "BYE", contact, "strict-3", $"<sip:127.0.0.1:{proxy.Listener.Port};lr>", $"<sip:{strict.EndPoint}>"),
            proxy.Listener);

        var bye = await strict.ReceiveRequestAsync("BYE");
        Assert.Equal($"sip:{strict.EndPoint}", bye.RequestUri.ToString());
        Assert.Equal($"<{contact}>", Assert.Single(Values(bye.Route)));
    }

    [Fact]
    public async Task The_ACK_of_a_strict_router_is_fixed_up_like_any_request()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var callee = new Peer();
        var contact = $"sip:callee@{callee.EndPoint}";

        await caller.SendAsync(InDialog(caller, "ACK", $"sip:127.0.0.1:{proxy.Listener.Port};lr", "strict-4", $"<{contact}>"), proxy.Listener);

        var ack = await callee.ReceiveRequestAsync("ACK");
        Assert.Equal(contact, ack.RequestUri.ToString());
        Assert.True(ack.Route.IsEmpty);
    }

    [Fact]
    public async Task A_maddr_naming_the_proxy_is_removed_with_port_and_transport_before_routing()
    {
        using var upstream = new Peer();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"udp://{upstream.EndPoint}");
        using var caller = new Peer();
        await caller.SendAsync(
            Invite(caller, $"sip:dave@elsewhere.test:{proxy.Listener.Port};maddr=127.0.0.1;transport=udp;user=phone", "maddr-1"),
            proxy.Listener);

        var invite = await upstream.ReceiveRequestAsync("INVITE");
        Assert.Equal("sip:dave@elsewhere.test;user=phone", invite.RequestUri.ToString());
    }

    [Fact]
    public async Task A_maddr_naming_another_host_is_kept()
    {
        using var upstream = new Peer();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"udp://{upstream.EndPoint}");
        using var caller = new Peer();
        var target = $"sip:dave@elsewhere.test:{proxy.Listener.Port};maddr=192.0.2.7";
        await caller.SendAsync(Invite(caller, target, "maddr-2"), proxy.Listener);

        var invite = await upstream.ReceiveRequestAsync("INVITE");
        Assert.Equal(target, invite.RequestUri.ToString());
    }

    [Fact]
    public async Task A_maddr_naming_the_proxy_on_another_port_is_kept()
    {
        using var upstream = new Peer();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"udp://{upstream.EndPoint}");
        using var caller = new Peer();
        var target = "sip:dave@elsewhere.test:5999;maddr=127.0.0.1";
        await caller.SendAsync(Invite(caller, target, "maddr-3"), proxy.Listener);

        var invite = await upstream.ReceiveRequestAsync("INVITE");
        Assert.Equal(target, invite.RequestUri.ToString());
    }

    [Fact]
    public async Task A_3xx_is_forwarded_to_the_caller_with_its_contacts_and_not_recursed_on()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var callee = new Peer();
        using var elsewhere = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com", "redirect-1"), proxy.Listener);

        var invite = await callee.ReceiveRequestAsync("INVITE");
        var moved = SipResponse.CreateFor(invite, 302, toTag: "callee");
        moved.Headers.Add(SipHeaderId.Contact, $"<sip:bob@{elsewhere.EndPoint}>");
        await callee.SendAsync(moved, proxy.Listener);

        var forwarded = await caller.ReceiveResponseAsync(302);
        Assert.Equal($"sip:bob@{elsewhere.EndPoint}", forwarded.Contact.First.Uri.ToString());
        await callee.ReceiveRequestAsync("ACK");
        Assert.True(await elsewhere.IsQuietAsync(), "the proxy did not try the redirect's contact itself");
    }

    private static string Invite(Peer caller, string target, string callId) =>
        $"INVITE {target} SIP/2.0\nVia: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport\n" +
        $"From: <sip:carol@remote.test>;tag=caller\nTo: <sip:bob@example.com>\nCall-ID: {callId}\nCSeq: 1 INVITE\n" +
        $"Contact: <sip:carol@{caller.EndPoint}>\nMax-Forwards: 70\nContent-Length: 0\n\n";

    private static List<string> Values(SipHeaderValues<SipNameAddress> values)
    {
        var list = new List<string>();
        foreach (var value in values)
        {
            list.Add(value.Raw.ToString());
        }

        return list;
    }
}
