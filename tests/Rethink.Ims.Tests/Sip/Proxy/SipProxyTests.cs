using System.Net;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Proxy;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>The RFC 3261 §16 proxy over UDP on loopback with fake time: forwarding, forking, response choice, CANCEL, timer C.</summary>
public sealed class SipProxyTests
{
    private static int s_call;

    /// <summary>An INVITE from <paramref name="caller"/>; <paramref name="extra"/> (whole header lines) goes before Max-Forwards.</summary>
    internal static string Invite(Peer caller, string target, int maxForwards = 70, string callId = "", string extra = "")
    {
        callId = callId.Length > 0 ? callId : "call-" + Interlocked.Increment(ref s_call);
        return $"""
            INVITE {target} SIP/2.0
            Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport
            From: <sip:carol@remote.test>;tag=caller
            To: <{target}>
            Call-ID: {callId}
            CSeq: 1 INVITE
            Contact: <sip:carol@{caller.EndPoint}>
            {extra}Max-Forwards: {maxForwards}
            Content-Length: 0


            """;
    }

    private static string Cancel(Peer caller, string target, string callId) => $"""
        CANCEL {target} SIP/2.0
        Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport
        From: <sip:carol@remote.test>;tag=caller
        To: <{target}>
        Call-ID: {callId}
        CSeq: 1 CANCEL
        Max-Forwards: 70
        Content-Length: 0


        """;

    [Fact]
    public async Task Invite_to_a_local_user_goes_to_the_binding_with_Via_Record_Route_and_Max_Forwards_decremented()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);

        Assert.Equal(100, ((SipResponse)await caller.ReceiveAsync(skipTrying: false)).StatusCode);
        var forwarded = await callee.ReceiveRequestAsync("INVITE");
        Assert.Equal($"sip:bob@{callee.EndPoint}", forwarded.RequestUri.ToString());
        Assert.Equal(69, forwarded.MaxForwards);
        Assert.Equal(2, forwarded.Via.Count);
        Assert.Equal($"127.0.0.1:{proxy.Listener.Port}", forwarded.TopVia.SentBy.ToString());
        Assert.Equal($"<sip:127.0.0.1:{proxy.Listener.Port};lr>", Assert.Single(Values(forwarded.RecordRoute)));

        await callee.RespondAsync(forwarded, 180, proxy.Listener);
        var ringing = await caller.ReceiveResponseAsync(180);
        Assert.Equal(1, ringing.Via.Count);
        await callee.RespondAsync(forwarded, 200, proxy.Listener);
        var ok = await caller.ReceiveResponseAsync(200);
        Assert.Equal(1, ok.Via.Count);
        Assert.Equal("callee", ok.To.Tag.ToString());
    }

    [Fact]
    public async Task Max_Forwards_zero_is_answered_483()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:bob@example.com", maxForwards: 0), proxy.Listener);
        await caller.ReceiveResponseAsync(483);
    }

    [Fact]
    public async Task A_foreign_domain_without_upstream_is_refused_403_Not_relaying()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test"), proxy.Listener);
        var response = await caller.ReceiveResponseAsync(403);
        Assert.Equal("Not relaying", response.ReasonPhrase);
    }

    [Fact]
    public async Task A_local_user_without_binding_and_no_upstream_is_404()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:nobody@example.com"), proxy.Listener);
        await caller.ReceiveResponseAsync(404);
    }

    [Fact]
    public async Task A_request_relayed_back_to_the_proxy_itself_is_detected_as_a_loop_482()
    {
        // The upstream is the proxy itself: the second pass finds its own Via with the same loop hash.
        await using var proxy = await ProxyHarness.StartAsync(upstream: self => $"udp://{self}");
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test"), proxy.Listener);
        await caller.ReceiveResponseAsync(482);
    }

    [Fact]
    public async Task The_first_2xx_of_a_parallel_fork_is_forwarded_and_the_ringing_branch_is_cancelled()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var first = new Peer();
        using var second = new Peer();
        await proxy.BindAsync("bob", (first, null), (second, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);
        var toFirst = await first.ReceiveRequestAsync("INVITE");
        var toSecond = await second.ReceiveRequestAsync("INVITE");
        Assert.NotEqual(toFirst.TopVia.Branch.ToString(), toSecond.TopVia.Branch.ToString());

        await first.RespondAsync(toFirst, 180, proxy.Listener, toTag: "one");
        await caller.ReceiveResponseAsync(180);
        await second.RespondAsync(toSecond, 200, proxy.Listener, toTag: "two");
        Assert.Equal("two", (await caller.ReceiveResponseAsync(200)).To.Tag.ToString());

        var cancel = await first.ReceiveRequestAsync("CANCEL");
        Assert.Equal(toFirst.TopVia.Branch.ToString(), cancel.TopVia.Branch.ToString());
        Assert.Equal(toFirst.RequestUri.ToString(), cancel.RequestUri.ToString());
    }

    [Fact]
    public async Task A_branch_silent_when_another_answered_is_cancelled_on_its_first_provisional()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var first = new Peer();
        using var second = new Peer();
        await proxy.BindAsync("bob", (first, null), (second, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);
        var toFirst = await first.ReceiveRequestAsync("INVITE");
        var toSecond = await second.ReceiveRequestAsync("INVITE");
        await second.RespondAsync(toSecond, 200, proxy.Listener, toTag: "two");
        await caller.ReceiveResponseAsync(200);
        Assert.True(await first.IsQuietAsync(), "no CANCEL before a provisional (RFC 3261 §9.1)");

        await first.RespondAsync(toFirst, 180, proxy.Listener, toTag: "one");
        var cancel = await first.ReceiveRequestAsync("CANCEL");
        Assert.Equal(toFirst.TopVia.Branch.ToString(), cancel.TopVia.Branch.ToString());
        Assert.True(await caller.IsQuietAsync(), "the late 180 is not forwarded after the 200");
    }

    [Fact]
    public async Task A_6xx_cancels_the_other_branches_and_is_the_answer()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var first = new Peer();
        using var second = new Peer();
        await proxy.BindAsync("bob", (first, null), (second, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);
        var toFirst = await first.ReceiveRequestAsync("INVITE");
        var toSecond = await second.ReceiveRequestAsync("INVITE");
        await first.RespondAsync(toFirst, 180, proxy.Listener, toTag: "one");
        await caller.ReceiveResponseAsync(180);
        await second.RespondAsync(toSecond, 603, proxy.Listener, toTag: "two");

        var cancel = await first.ReceiveRequestAsync("CANCEL");
        await first.RespondAsync(cancel, 200, proxy.Listener, toTag: "one");
        await first.RespondAsync(toFirst, 487, proxy.Listener, toTag: "one");
        await caller.ReceiveResponseAsync(603);
    }

    [Fact]
    public async Task Among_failures_the_lowest_class_wins_and_a_downstream_503_never_does()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var first = new Peer();
        using var second = new Peer();
        await proxy.BindAsync("bob", (first, null), (second, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);
        var toFirst = await first.ReceiveRequestAsync("INVITE");
        var toSecond = await second.ReceiveRequestAsync("INVITE");
        await first.RespondAsync(toFirst, 503, proxy.Listener);
        Assert.True(await caller.IsQuietAsync(), "nothing goes upstream while a branch is pending");
        await second.RespondAsync(toSecond, 486, proxy.Listener);
        await caller.ReceiveResponseAsync(486);
    }

    [Fact]
    public async Task A_single_downstream_503_is_forwarded_as_500()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);
        await callee.RespondAsync(await callee.ReceiveRequestAsync("INVITE"), 503, proxy.Listener);
        await caller.ReceiveResponseAsync(500);
    }

    [Fact]
    public async Task Proxy_Authenticate_challenges_of_every_branch_are_merged_into_one_407()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var first = new Peer();
        using var second = new Peer();
        await proxy.BindAsync("bob", (first, null), (second, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);
        var toFirst = await first.ReceiveRequestAsync("INVITE");
        var toSecond = await second.ReceiveRequestAsync("INVITE");
        await first.RespondAsync(toFirst, 407, proxy.Listener, configure: r => r.Headers.Add(SipHeaderId.ProxyAuthenticate, "Digest realm=\"one\", nonce=\"1\""));
        await second.RespondAsync(toSecond, 407, proxy.Listener, configure: r => r.Headers.Add(SipHeaderId.ProxyAuthenticate, "Digest realm=\"two\", nonce=\"2\""));
        var challenge = await caller.ReceiveResponseAsync(407);
        var realms = new List<string>();
        foreach (var value in challenge.ProxyAuthenticate)
        {
            realms.Add(value.Parameters.GetValue("realm"u8).Unquote().ToString());
        }

        Assert.Equal(["one", "two"], realms.Order());
    }

    [Fact]
    public async Task Sequential_forking_tries_the_lower_q_binding_only_after_the_higher_one_failed()
    {
        await using var proxy = await ProxyHarness.StartAsync(o => o.Forking = SipForkingMode.Sequential);
        using var caller = new Peer();
        using var high = new Peer();
        using var low = new Peer();
        await proxy.BindAsync("bob", (low, 0.5), (high, 1.0));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com"), proxy.Listener);
        var toHigh = await high.ReceiveRequestAsync("INVITE");
        Assert.True(await low.IsQuietAsync());
        await high.RespondAsync(toHigh, 480, proxy.Listener);
        var toLow = await low.ReceiveRequestAsync("INVITE");
        await low.RespondAsync(toLow, 200, proxy.Listener);
        await caller.ReceiveResponseAsync(200);
    }

    [Fact]
    public async Task A_CANCEL_is_answered_200_and_sent_to_the_ringing_branch_whose_487_reaches_the_caller()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com", callId: "cancel-1"), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await callee.RespondAsync(invite, 180, proxy.Listener);
        await caller.ReceiveResponseAsync(180);

        await caller.SendAsync(Cancel(caller, "sip:bob@example.com", "cancel-1"), proxy.Listener);
        Assert.Equal("CANCEL", (await caller.ReceiveResponseAsync(200)).CSeq.Method.Name);
        var cancel = await callee.ReceiveRequestAsync("CANCEL");
        await callee.RespondAsync(cancel, 200, proxy.Listener);
        await callee.RespondAsync(invite, 487, proxy.Listener);
        await caller.ReceiveResponseAsync(487);
        Assert.Equal("ACK", (await callee.ReceiveRequestAsync("ACK")).Method.Name);
    }

    [Fact]
    public async Task Timer_C_cancels_a_branch_that_rings_too_long()
    {
        await using var proxy = await ProxyHarness.StartAsync(o => o.TimerC = TimeSpan.FromSeconds(181));
        using var caller = new Peer();
        using var callee = new Peer();
        var invite = await RingBobAsync(proxy, caller, callee, "timer-c");

        await ExpectTimerCAsync(proxy, caller, callee, invite, "no CANCEL before timer C");
    }

    [Fact]
    public async Task Each_provisional_restarts_timer_C()
    {
        await using var proxy = await ProxyHarness.StartAsync(o => o.TimerC = TimeSpan.FromSeconds(181));
        using var caller = new Peer();
        using var callee = new Peer();
        var invite = await RingBobAsync(proxy, caller, callee, "timer-c-restart");

        proxy.Time.Advance(TimeSpan.FromSeconds(100));
        await callee.RespondAsync(invite, 183, proxy.Listener);
        await caller.ReceiveResponseAsync(183);
        await ExpectTimerCAsync(proxy, caller, callee, invite, "no CANCEL 180 s after the 183");
    }

    /// <summary>A caller's INVITE to bob, ringing (180 through the proxy).</summary>
    private static async Task<SipRequest> RingBobAsync(ProxyHarness proxy, Peer caller, Peer callee, string callId)
    {
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com", callId: callId), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await callee.RespondAsync(invite, 180, proxy.Listener);
        await caller.ReceiveResponseAsync(180);
        return invite;
    }

    /// <summary>Timer C (181 s) falls due 1 s after 180 s more of ringing: the branch is cancelled and the caller gets 487.</summary>
    private static async Task ExpectTimerCAsync(ProxyHarness proxy, Peer caller, Peer callee, SipRequest invite, string quiet)
    {
        proxy.Time.Advance(TimeSpan.FromSeconds(180));
        Assert.True(await callee.IsQuietAsync(), quiet);
        proxy.Time.Advance(TimeSpan.FromSeconds(1));
        var cancel = await callee.ReceiveRequestAsync("CANCEL");
        await callee.RespondAsync(cancel, 200, proxy.Listener);
        await callee.RespondAsync(invite, 487, proxy.Listener);
        await caller.ReceiveResponseAsync(487);
    }

    [Fact]
    public async Task A_branch_that_never_answers_its_CANCEL_is_given_up_after_the_grace_and_the_caller_gets_487()
    {
        await using var proxy = await ProxyHarness.StartAsync(o => o.CancelGrace = TimeSpan.FromSeconds(32));
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com", callId: "grace-1"), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await callee.RespondAsync(invite, 180, proxy.Listener);
        await caller.ReceiveResponseAsync(180);
        await caller.SendAsync(Cancel(caller, "sip:bob@example.com", "grace-1"), proxy.Listener);
        await caller.ReceiveResponseAsync(200);
        await callee.ReceiveRequestAsync("CANCEL");

        proxy.Time.Advance(TimeSpan.FromSeconds(33));
        await caller.ReceiveResponseAsync(487);
        await WaitUntilAsync(() => proxy.Proxy.ActiveTransactions == 0);
    }

    [Fact]
    public async Task An_upstream_that_does_not_answer_gives_408_at_timer_B()
    {
        using var deaf = new Peer();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"udp://{deaf.EndPoint}");
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test"), proxy.Listener);
        await deaf.ReceiveRequestAsync("INVITE");
        Assert.True(await caller.IsQuietAsync());
        proxy.Time.Advance(TimeSpan.FromSeconds(32));
        await caller.ReceiveResponseAsync(408);
    }

    [Fact]
    public async Task An_upstream_that_refuses_TCP_connections_gives_503_at_once()
    {
        var closed = FreeTcpPort();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"tcp://127.0.0.1:{closed}");
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test"), proxy.Listener);
        var refused = await caller.ReceiveResponseAsync(503);
        Assert.Contains("connection failed", refused.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ACK_of_a_2xx_and_a_BYE_follow_the_recorded_route_to_the_callee_contact()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com", callId: "dialog-1"), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await callee.RespondAsync(invite, 200, proxy.Listener, configure: r =>
        {
            foreach (var value in Values(invite.RecordRoute))
            {
                r.Headers.Add(SipHeaderId.RecordRoute, value);
            }
        });
        var ok = await caller.ReceiveResponseAsync(200);
        var route = Assert.Single(Values(ok.RecordRoute));

        foreach (var (method, cseq) in new[] { ("ACK", "1 ACK"), ("BYE", "2 BYE") })
        {
            await caller.SendAsync($"""
                {method} sip:callee@{callee.EndPoint} SIP/2.0
                Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-dialog-1-{method};rport
                Route: {route}
                From: <sip:carol@remote.test>;tag=caller
                To: <sip:bob@example.com>;tag=callee
                Call-ID: dialog-1
                CSeq: {cseq}
                Max-Forwards: 70
                Content-Length: 0


                """, proxy.Listener);
            var inDialog = await callee.ReceiveRequestAsync(method);
            Assert.True(inDialog.Route.IsEmpty, "the proxy removed its own Route");
            Assert.Equal(2, inDialog.Via.Count);
        }
    }

    private static List<string> Values(Rethink.Ims.Sip.Messages.SipHeaderValues<SipNameAddress> values)
    {
        var list = new List<string>();
        foreach (var value in values)
        {
            list.Add(value.Raw.ToString());
        }

        return list;
    }

    private static int FreeTcpPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
