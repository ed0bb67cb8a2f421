using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Proxy;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>What the proxy keeps between requests (the UDP flow to the upstream, its Via and Record-Route) and the loop hash over raw bytes.</summary>
public sealed class SipProxyHotPathTests
{
    private static string Invite(Peer caller, string target, string callId, string extra = "") =>
        SipProxyTests.Invite(caller, target, callId: callId, extra: extra);

    private static SipRequest Parse(string text) =>
        (SipRequest)SipParser.Parse(System.Text.Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))).Message!;

    [Fact]
    public async Task Every_call_to_a_UDP_upstream_leaves_from_the_listener_with_its_own_branch_and_the_same_Record_Route()
    {
        using var core = new Peer();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"udp://{core.EndPoint}");
        using var caller = new Peer();
        var branches = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test", "hot-" + i), proxy.Listener);
            var forwarded = await core.ReceiveRequestAsync("INVITE");
            Assert.Equal("hot-" + i, forwarded.CallId.ToString());
            Assert.Equal($"127.0.0.1:{proxy.Listener.Port}", forwarded.TopVia.SentBy.ToString());
            Assert.True(forwarded.TopVia.HasRport);
            Assert.True(branches.Add(forwarded.TopVia.Branch.ToString()));
            Assert.True(forwarded.RecordRoute.TryGetFirst(out var recordRoute));
            Assert.Equal($"<sip:127.0.0.1:{proxy.Listener.Port};lr>", recordRoute.Raw.ToString());
        }
    }

    [Fact]
    public void The_loop_hash_depends_on_the_fields_a_loop_keeps_and_not_on_the_Via()
    {
        using var caller = new Peer();
        var request = Parse(Invite(caller, "sip:dave@elsewhere.test", "loop-1"));
        var hash = SipProxyRouting.LoopHash(request);

        Assert.Matches("^[0-9a-f]{10}$", hash);
        Assert.Equal(hash, SipProxyRouting.LoopHash(Parse(Invite(caller, "sip:dave@elsewhere.test", "loop-1").Replace("z9hG4bK-", "z9hG4bKother-", StringComparison.Ordinal))));
        Assert.NotEqual(hash, SipProxyRouting.LoopHash(Parse(Invite(caller, "sip:dave@elsewhere.test", "loop-2"))));
        Assert.NotEqual(hash, SipProxyRouting.LoopHash(Parse(Invite(caller, "sip:erin@elsewhere.test", "loop-1"))));
        Assert.NotEqual(hash, SipProxyRouting.LoopHash(Parse(Invite(caller, "sip:dave@elsewhere.test", "loop-1", "Route: <sip:core.test;lr>\n"))));
    }
}
