using System.Collections.Concurrent;
using System.Text;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Proxy;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>The proxy calls the media anchor on offer, answer and teardown, and forwards the bodies it rewrites.</summary>
public sealed class SipProxyMediaAnchorTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    private const string Answer = "v=0\r\no=- 2 2 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";

    private sealed class RecordingAnchor : ISipMediaAnchor
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public SipMediaOffer? LastOffer { get; private set; }

        public SipMediaAnswer? LastAnswer { get; private set; }

        public ValueTask<SipMediaAnchorResult> OfferAsync(SipMediaOffer offer, CancellationToken cancellationToken)
        {
            LastOffer = offer;
            Calls.Enqueue("offer");
            return ValueTask.FromResult(SipMediaAnchorResult.Rewritten(Encoding.ASCII.GetBytes(Offer.Replace("192.0.2.1", "198.51.100.1", StringComparison.Ordinal))));
        }

        public ValueTask<SipMediaAnchorResult> AnswerAsync(SipMediaAnswer answer, CancellationToken cancellationToken)
        {
            LastAnswer = answer;
            Calls.Enqueue("answer");
            return ValueTask.FromResult(SipMediaAnchorResult.Rewritten(Encoding.ASCII.GetBytes(Answer.Replace("192.0.2.2", "198.51.100.2", StringComparison.Ordinal))));
        }

        public ValueTask DeleteAsync(SipMediaDialog dialog, CancellationToken cancellationToken)
        {
            Calls.Enqueue("delete " + dialog.CallId + " " + dialog.FromTag);
            return ValueTask.CompletedTask;
        }
    }

    private static string Invite(Peer caller, string callId) =>
        $"INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport\n" +
        $"From: <sip:carol@remote.test>;tag=caller\nTo: <sip:bob@example.com>\nCall-ID: {callId}\nCSeq: 1 INVITE\n" +
        $"Contact: <sip:carol@{caller.EndPoint}>\nMax-Forwards: 70\nContent-Type: application/sdp\nContent-Length: {Offer.Length}\n\n" + Offer.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A proxy with a <see cref="RecordingAnchor"/>, a callee bound as bob, and a caller whose INVITE with an offer is on its way.</summary>
    private sealed class AnchoredCall : IAsyncDisposable
    {
        private AnchoredCall(ProxyHarness proxy, RecordingAnchor anchor)
        {
            Proxy = proxy;
            Anchor = anchor;
        }

        public RecordingAnchor Anchor { get; }

        public ProxyHarness Proxy { get; }

        public Peer Caller { get; } = new();

        public Peer Callee { get; } = new();

        public static async Task<AnchoredCall> StartAsync(string callId)
        {
            var anchor = new RecordingAnchor();
            var call = new AnchoredCall(await ProxyHarness.StartAsync(anchor: anchor), anchor);
            await call.Proxy.BindAsync("bob", (call.Callee, null));
            await call.Caller.SendAsync(Invite(call.Caller, callId), call.Proxy.Listener);
            return call;
        }

        public async ValueTask DisposeAsync()
        {
            Caller.Dispose();
            Callee.Dispose();
            await Proxy.DisposeAsync();
        }
    }

    [Fact]
    public async Task Offer_and_answer_are_rewritten_by_the_anchor_and_a_BYE_deletes_the_call()
    {
        await using var call = await AnchoredCall.StartAsync("media-1");
        var (anchor, proxy, caller, callee) = (call.Anchor, call.Proxy, call.Caller, call.Callee);

        var invite = await callee.ReceiveRequestAsync("INVITE");
        Assert.Contains("198.51.100.1", Encoding.ASCII.GetString(invite.Body.Span), StringComparison.Ordinal);
        Assert.Equal(SipMediaProfile.Plain, anchor.LastOffer!.OffererProfile);
        Assert.True(anchor.LastOffer.FromCaller);
        Assert.Equal(new SipMediaDialog("media-1", "caller", null, invite.TopVia.Branch.ToString()), anchor.LastOffer.Dialog);

        await callee.RespondAsync(invite, 200, proxy.Listener, configure: r => r.SetBody(Encoding.ASCII.GetBytes(Answer), "application/sdp"));
        var ok = await caller.ReceiveResponseAsync(200);
        Assert.Contains("198.51.100.2", Encoding.ASCII.GetString(ok.Body.Span), StringComparison.Ordinal);
        Assert.Equal(ok.Body.Length, ok.ContentLength);
        Assert.Equal("callee", anchor.LastAnswer!.Dialog.ToTag);

        await caller.SendAsync(
            $"BYE sip:callee@{callee.EndPoint} SIP/2.0\nVia: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-media-1-bye;rport\n" +
            $"Route: {ok.Headers.GetValue(SipHeaderId.RecordRoute)}\nFrom: <sip:carol@remote.test>;tag=caller\n" +
            "To: <sip:bob@example.com>;tag=callee\nCall-ID: media-1\nCSeq: 2 BYE\nMax-Forwards: 70\nContent-Length: 0\n\n", proxy.Listener);
        await callee.ReceiveRequestAsync("BYE");
        Assert.Equal(["offer", "answer", "delete media-1 caller"], anchor.Calls.ToArray());
    }

    [Fact]
    public async Task A_retransmitted_2xx_reaches_the_caller_with_the_same_rewritten_answer()
    {
        await using var call = await AnchoredCall.StartAsync("media-3");
        var (anchor, proxy, caller, callee) = (call.Anchor, call.Proxy, call.Caller, call.Callee);
        var invite = await callee.ReceiveRequestAsync("INVITE");

        void WithAnswer(SipResponse r) => r.SetBody(Encoding.ASCII.GetBytes(Answer), "application/sdp");
        await callee.RespondAsync(invite, 200, proxy.Listener, configure: WithAnswer);
        var first = await caller.ReceiveResponseAsync(200);
        await callee.RespondAsync(invite, 200, proxy.Listener, configure: WithAnswer);
        var again = await caller.ReceiveResponseAsync(200);

        Assert.Contains("198.51.100.2", Encoding.ASCII.GetString(again.Body.Span), StringComparison.Ordinal);
        Assert.Equal(Encoding.ASCII.GetString(first.Body.Span), Encoding.ASCII.GetString(again.Body.Span));
        Assert.Equal(again.Body.Length, again.ContentLength);
        Assert.Equal(["offer", "answer"], anchor.Calls.ToArray());
    }

    [Fact]
    public async Task A_failed_call_is_deleted_from_the_anchor()
    {
        await using var call = await AnchoredCall.StartAsync("media-2");
        var (anchor, proxy, caller, callee) = (call.Anchor, call.Proxy, call.Caller, call.Callee);
        await callee.RespondAsync(await callee.ReceiveRequestAsync("INVITE"), 486, proxy.Listener);
        await caller.ReceiveResponseAsync(486);
        Assert.Equal(["offer", "delete media-2 caller"], anchor.Calls.ToArray());
    }
}
