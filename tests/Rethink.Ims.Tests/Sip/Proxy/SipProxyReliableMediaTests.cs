using System.Collections.Concurrent;
using System.Text;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Proxy;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>
/// Offers and answers in reliable provisionals, PRACK (RFC 3262) and UPDATE (RFC 3311) reach the media anchor, and the
/// bodies it rewrites are the ones forwarded. The anchor here is a recording fake: it is the hook's observer (what the
/// proxy tells it, in which order, and that its rewrite is used), not a media bridge.
/// </summary>
public sealed class SipProxyReliableMediaTests
{
    private const string CallerSdp = "v=0\r\no=caller 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    private const string CalleeSdp = "v=0\r\no=callee 2 2 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";

    /// <summary>Records each call as "kind side from-tag to-tag" and rewrites the body by adding <c>a=anchored:kind-n</c>.</summary>
    private sealed class RecordingAnchor : ISipMediaAnchor
    {
        private int _count;

        public ConcurrentQueue<string> Calls { get; } = new();

        public ValueTask<SipMediaAnchorResult> OfferAsync(SipMediaOffer offer, CancellationToken cancellationToken) =>
            Record("offer", offer.FromCaller, offer.Dialog, offer.Sdp);

        public ValueTask<SipMediaAnchorResult> AnswerAsync(SipMediaAnswer answer, CancellationToken cancellationToken) =>
            Record("answer", answer.FromCaller, answer.Dialog, answer.Sdp);

        public ValueTask DeleteAsync(SipMediaDialog dialog, CancellationToken cancellationToken)
        {
            Calls.Enqueue("delete");
            return ValueTask.CompletedTask;
        }

        private ValueTask<SipMediaAnchorResult> Record(string kind, bool fromCaller, SipMediaDialog dialog, ReadOnlyMemory<byte> sdp)
        {
            var n = Interlocked.Increment(ref _count);
            Calls.Enqueue($"{kind} {(fromCaller ? "caller" : "callee")} {dialog.FromTag} {dialog.ToTag}".TrimEnd());
            return ValueTask.FromResult(SipMediaAnchorResult.Rewritten(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(sdp.Span) + $"a=anchored:{kind}-{n}\r\n")));
        }
    }

    private static string Invite(Peer caller, string callId, bool withOffer) =>
        $"INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport\n" +
        $"From: <sip:carol@remote.test>;tag=caller\nTo: <sip:bob@example.com>\nCall-ID: {callId}\nCSeq: 1 INVITE\n" +
        $"Contact: <sip:carol@{caller.EndPoint}>\nSupported: 100rel\nMax-Forwards: 70\n" +
        (withOffer ? $"Content-Type: application/sdp\nContent-Length: {CallerSdp.Length}\n\n{CallerSdp.Replace("\r\n", "\n", StringComparison.Ordinal)}" : "Content-Length: 0\n\n");

    /// <summary>A reliable 183 with the callee's SDP and the INVITE's Record-Route.</summary>
    private static Task SessionProgressAsync(Peer callee, SipRequest invite, ProxyHarness proxy) =>
        callee.RespondAsync(invite, 183, proxy.Listener, configure: r =>
        {
            r.Headers.Add(SipHeaderId.RecordRoute, invite.Headers.GetValue(SipHeaderId.RecordRoute).ToString());
            r.Headers.Add(SipHeaderId.Require, "100rel");
            r.Headers.Add("RSeq", "1");
            r.SetBody(Encoding.ASCII.GetBytes(CalleeSdp), "application/sdp");
        });

    private static SipRequest InDialog(string method, string requestUri, string route, Peer from, string fromTag, string toTag, string callId, int cseq, string? sdp)
    {
        var request = new SipRequest(method == "PRACK" ? SipMethod.Prack : SipMethod.Update, SipUri.Parse(requestUri));
        request.Headers.Add(SipHeaderId.Via, $"SIP/2.0/UDP {from.EndPoint};branch=z9hG4bK-{callId}-{method}-{fromTag};rport");
        request.Headers.Add(SipHeaderId.Route, route);
        request.Headers.Add(SipHeaderId.From, $"<sip:{fromTag}@remote.test>;tag={fromTag}");
        request.Headers.Add(SipHeaderId.To, $"<sip:{toTag}@remote.test>;tag={toTag}");
        request.Headers.Add(SipHeaderId.CallId, callId);
        request.Headers.Add(SipHeaderId.CSeq, $"{cseq} {method}");
        request.Headers.Add(SipHeaderId.MaxForwards, "70");
        if (method == "PRACK")
        {
            request.Headers.Add("RAck", "1 1 INVITE");
        }

        if (sdp is not null)
        {
            request.SetBody(Encoding.ASCII.GetBytes(sdp), "application/sdp");
        }
        else
        {
            request.Headers.Set(SipHeaderId.ContentLength, 0);
        }

        return request;
    }

    private static string Body(SipMessage message) => Encoding.ASCII.GetString(message.Body.Span);

    [Fact]
    public async Task An_offer_in_a_PRACK_reaches_the_anchor_and_the_answer_in_its_200_too()
    {
        var anchor = new RecordingAnchor();
        await using var proxy = await ProxyHarness.StartAsync(anchor: anchor);
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "prack-1", withOffer: true), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await SessionProgressAsync(callee, invite, proxy);
        var progress = await caller.ReceiveResponseAsync(183);
        Assert.Contains("a=anchored:answer-2", Body(progress), StringComparison.Ordinal);

        var route = progress.Headers.GetValue(SipHeaderId.RecordRoute).ToString();
        await caller.SendAsync(InDialog("PRACK", $"sip:callee@{callee.EndPoint}", route, caller, "caller", "callee", "prack-1", 2, CallerSdp), proxy.Listener);
        var prack = await callee.ReceiveRequestAsync("PRACK");
        Assert.Contains("a=anchored:offer-3", Body(prack), StringComparison.Ordinal);
        Assert.Equal(prack.Body.Length, prack.ContentLength);

        await callee.RespondAsync(prack, 200, proxy.Listener, configure: r => r.SetBody(Encoding.ASCII.GetBytes(CalleeSdp), "application/sdp"));
        var ok = await caller.ReceiveResponseAsync(200);
        Assert.Contains("a=anchored:answer-4", Body(ok), StringComparison.Ordinal);
        Assert.Equal(
            ["offer caller caller", "answer callee caller callee", "offer caller caller callee", "answer callee caller callee"],
            anchor.Calls.ToArray());
    }

    [Fact]
    public async Task A_late_offer_in_a_reliable_183_is_an_offer_and_the_PRACK_carries_its_answer()
    {
        var anchor = new RecordingAnchor();
        await using var proxy = await ProxyHarness.StartAsync(anchor: anchor);
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "prack-2", withOffer: false), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await SessionProgressAsync(callee, invite, proxy);
        var progress = await caller.ReceiveResponseAsync(183);
        Assert.Contains("a=anchored:offer-1", Body(progress), StringComparison.Ordinal);

        var route = progress.Headers.GetValue(SipHeaderId.RecordRoute).ToString();
        await caller.SendAsync(InDialog("PRACK", $"sip:callee@{callee.EndPoint}", route, caller, "caller", "callee", "prack-2", 2, CallerSdp), proxy.Listener);
        var prack = await callee.ReceiveRequestAsync("PRACK");
        Assert.Contains("a=anchored:answer-2", Body(prack), StringComparison.Ordinal);
        await callee.RespondAsync(prack, 200, proxy.Listener);
        await caller.ReceiveResponseAsync(200);

        // RFC 3262 §5: the 2xx repeats the offer of the reliable provisional; the caller sees the same rewrite, the anchor no new offer.
        await callee.RespondAsync(invite, 200, proxy.Listener, configure: r => r.SetBody(Encoding.ASCII.GetBytes(CalleeSdp), "application/sdp"));
        var answered = await caller.ReceiveResponseAsync(200);
        Assert.Equal(Body(progress), Body(answered));
        Assert.Equal(["offer callee caller callee", "answer caller caller callee"], anchor.Calls.ToArray());
    }

    [Fact]
    public async Task An_UPDATE_from_the_callee_in_the_early_dialog_is_an_offer_and_its_200_the_answer()
    {
        var anchor = new RecordingAnchor();
        await using var proxy = await ProxyHarness.StartAsync(anchor: anchor);
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "update-1", withOffer: true), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await SessionProgressAsync(callee, invite, proxy);
        await caller.ReceiveResponseAsync(183);

        var route = invite.Headers.GetValue(SipHeaderId.RecordRoute).ToString();
        await callee.SendAsync(InDialog("UPDATE", $"sip:carol@{caller.EndPoint}", route, callee, "callee", "caller", "update-1", 1, CalleeSdp), proxy.Listener);
        var update = await caller.ReceiveRequestAsync("UPDATE");
        Assert.Contains("a=anchored:offer-3", Body(update), StringComparison.Ordinal);

        await caller.RespondAsync(update, 200, proxy.Listener, configure: r => r.SetBody(Encoding.ASCII.GetBytes(CallerSdp), "application/sdp"));
        var ok = await callee.ReceiveResponseAsync(200);
        Assert.Contains("a=anchored:answer-4", Body(ok), StringComparison.Ordinal);
        Assert.Equal(
            ["offer caller caller", "answer callee caller callee", "offer callee caller callee", "answer caller caller callee"],
            anchor.Calls.ToArray());
    }
}
