using System.Net;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Control;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Sip.Proxy;
using static Rethink.Ims.Tests.Media.Bridge.BridgeFixture;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>Calls between two plain endpoints anchored on the bridge (rtpengine's plain relay), over loopback sockets.</summary>
public class PlainRelayCallTests
{
    private static readonly byte[] ReceiverReport = [0x80, 201, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78];

    [Fact]
    public async Task Two_plain_endpoints_anchored_on_request_get_the_bridges_address_and_exchange_RTP_and_RTCP_byte_for_byte()
    {
        await using var bridge = Create();
        await using var caller = new PlainEndpoint();
        await using var callee = new PlainEndpoint();

        var (offer, answer) = Connect(bridge, caller, callee, "relay-1");

        // Each side sees the other's description with our address and a port of ours; codecs pass as they are.
        var offered = offer.Media.Single();
        Assert.Equal("127.0.0.1", offer.Connection!.Host);
        Assert.NotEqual(caller.Port, offered.Port);
        Assert.Equal(["8", "0", "101"], offered.Formats.ToArray());
        Assert.Null(offered.Rtcp);
        var answered = answer.Media.Single();
        Assert.NotEqual(callee.Port, answered.Port);
        Assert.NotEqual(offered.Port, answered.Port);
        Assert.Equal(["0"], answered.Formats.ToArray());
        Assert.True(bridge.TryGetPlainRelay("relay-1", out var relay));
        Assert.True(relay.IsAnswered);
        Assert.Equal(4, bridge.Ports.InUse);

        var toCallee = Tones.G711(AudioCodec.Pcmu, 0, 1000, 20, 0xAAAA);
        var toCaller = Tones.G711(AudioCodec.Pcmu, 0, 440, 20, 0xBBBB);
        foreach (var (a, b) in toCallee.Zip(toCaller))
        {
            caller.Send(a);
            callee.Send(b);
            await Task.Delay(2);
        }

        caller.SendRtcp(ReceiverReport);
        await MediaBridgeCallTests.WaitAsync(() => callee.ReceivedRtp.Count >= 20 && caller.ReceivedRtp.Count >= 20 && !callee.ReceivedRtcp.IsEmpty);
        Assert.Equal(toCallee, callee.ReceivedRtp.ToArray());
        Assert.Equal(toCaller, caller.ReceivedRtp.ToArray());
        Assert.Equal(ReceiverReport, callee.ReceivedRtcp.Single());
        Assert.Equal(20, relay.Caller.Counters.RtpPacketsIn);
        Assert.Equal(20, relay.Callee.Counters.RtpPacketsOut);

        Assert.True(await bridge.DeleteAsync("relay-1"));
        Assert.Equal(0, bridge.CallCount);
        Assert.Equal(0, bridge.Ports.InUse);
    }

    [Fact]
    public async Task Without_the_request_a_plain_to_plain_offer_passes_unchanged_and_binds_nothing()
    {
        await using var bridge = Create();
        await using var caller = new PlainEndpoint();

        var result = bridge.Offer(new MediaOfferRequest("same-1", "ft", Bytes(caller.Offer()), MediaLegProfile.Plain));

        Assert.Equal(MediaBridgeStatus.Unchanged, result.Status);
        Assert.Equal(0, bridge.CallCount);
        Assert.Equal(0, bridge.Ports.InUse);
        Assert.Equal(MediaBridgeStatus.UnknownCall, bridge.Answer(new MediaAnswerRequest("same-1", "ft", "tt", Bytes(caller.Answer(0, "PCMU/8000")))).Status);
    }

    [Fact]
    public async Task A_re_offer_from_the_callee_carries_the_caller_legs_port_to_the_caller_and_its_answer_the_callee_legs_port()
    {
        await using var bridge = Create();
        await using var caller = new PlainEndpoint();
        await using var callee = new PlainEndpoint();
        var (offer, answer) = Connect(bridge, caller, callee, "reinvite-1");
        await using var moved = new PlainEndpoint();

        // The callee's re-INVITE carries its own tag as the From tag, from a new address.
        var reOffer = bridge.Offer(new MediaOfferRequest("reinvite-1", "callee-tag", Bytes(moved.Offer()), MediaLegProfile.Plain) { ToTag = "caller-tag", AnchorPlain = true });
        var reAnswer = bridge.Answer(new MediaAnswerRequest("reinvite-1", "callee-tag", "caller-tag", Bytes(caller.Answer(8, "PCMA/8000"))));

        Assert.Equal(answer.Media.Single().Port, Parse(reOffer.Sdp).Media.Single().Port);
        Assert.Equal(offer.Media.Single().Port, Parse(reAnswer.Sdp).Media.Single().Port);
        Assert.True(bridge.TryGetPlainRelay("reinvite-1", out var relay));
        Assert.Equal(moved.Port, relay.Callee.RemoteRtpEndPoint!.Port);
        Assert.Equal(caller.Port, relay.Caller.RemoteRtpEndPoint!.Port);
        Assert.Equal("callee-tag", relay.ToTag);

        moved.Remote = new IPEndPoint(IPAddress.Loopback, offer.Media.Single().Port);
        var packet = Tones.Rtp(8, 1, 160, 0xCCCC, new byte[160]);
        moved.Send(packet);
        await MediaBridgeCallTests.WaitAsync(() => !caller.ReceivedRtp.IsEmpty);
        Assert.Equal(packet, caller.ReceivedRtp.Single());
    }

    [Fact]
    public async Task A_repeated_answer_gets_the_same_SDP_and_a_second_stream_is_disabled_in_both_directions()
    {
        await using var bridge = Create();
        await using var caller = new PlainEndpoint();
        await using var callee = new PlainEndpoint();
        var withVideo = caller.Offer() + "m=video 40000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";

        var offer = bridge.Offer(new MediaOfferRequest("video-1", "caller-tag", Bytes(withVideo), MediaLegProfile.Plain) { AnchorPlain = true });
        var calleeAnswer = Bytes(callee.Answer(0, "PCMU/8000") + "m=video 0 RTP/AVP 96\r\n");
        var first = bridge.Answer(new MediaAnswerRequest("video-1", "caller-tag", "callee-tag", calleeAnswer));
        var repeat = bridge.Answer(new MediaAnswerRequest("video-1", "caller-tag", "callee-tag", calleeAnswer));

        Assert.Equal([true, false], Parse(offer.Sdp).Media.Select(m => m.Port != 0));
        Assert.Equal(MediaBridgeStatus.Rewritten, repeat.Status);
        Assert.Equal(first.Sdp.ToArray(), repeat.Sdp.ToArray());
        Assert.Equal(MediaBridgeStatus.NoPendingOffer, bridge.Answer(new MediaAnswerRequest("video-1", "caller-tag", "callee-tag", Bytes(callee.Answer(8, "PCMA/8000")))).Status);
    }

    [Fact]
    public async Task A_relay_whose_media_stops_ends_after_the_media_timeout_and_gives_its_ports_back()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var bridge = Create(Options(o => o.MediaTimeout = TimeSpan.FromSeconds(30)), time);
        await using var caller = new PlainEndpoint();
        await using var callee = new PlainEndpoint();
        var ended = new TaskCompletionSource<MediaCallEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        bridge.PlainRelayEnded += (relay, reason) => ended.TrySetResult(reason);
        Connect(bridge, caller, callee, "quiet-1");

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, bridge.CallCount);
        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(MediaCallEndReason.MediaTimeout, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, bridge.CallCount);
        Assert.Equal(0, bridge.Ports.InUse);
    }

    [Fact]
    public async Task Over_ng_a_plain_offer_with_no_flags_is_anchored_as_rtpengine_does_and_query_and_delete_find_it()
    {
        await using var bridge = Create();
        await using var caller = new PlainEndpoint();
        await using var callee = new PlainEndpoint();
        IMediaSessionControl control = new MediaBridgeControl(bridge);

        var offer = await control.OfferAsync(NgRequests.Create("offer", "ng-plain", "ft", caller.Offer()), default);
        var answer = await control.AnswerAsync(NgRequests.Create("answer", "ng-plain", "ft", callee.Answer(0, "PCMU/8000"), toTag: "tt"), default);
        var query = await control.QueryAsync(NgRequests.Create("query", "ng-plain", "ft", null), default);
        var otherBranch = await control.DeleteAsync(NgRequests.Create("delete", "ng-plain", "ft", null, toTag: "other"), default);
        Assert.Equal(1, bridge.CallCount);
        var delete = await control.DeleteAsync(NgRequests.Create("delete", "ng-plain", "ft", null), default);

        Assert.Equal(NgResultKind.Ok, offer.Kind);
        Assert.NotEqual(caller.Port, Parse(offer.Sdp!.Value).Media.Single().Port);
        Assert.Equal(NgResultKind.Ok, answer.Kind);
        Assert.NotEqual(callee.Port, Parse(answer.Sdp!.Value).Media.Single().Port);
        Assert.Equal(NgResultKind.Ok, query.Kind);
        Assert.NotNull(otherBranch.Warning);
        Assert.Equal(NgResultKind.Ok, delete.Kind);
        Assert.Null(delete.Warning);
        Assert.Equal(0, bridge.CallCount);
    }

    [Fact]
    public async Task The_proxy_hook_anchors_plain_to_plain_calls_only_when_AnchorPlainCalls_is_set()
    {
        await using var off = Create();
        await using var on = Create(Options(o => o.AnchorPlainCalls = true));
        await using var caller = new PlainEndpoint();
        SipMediaOffer Offer() => new(new SipMediaDialog("hook-plain", "ft"), Bytes(caller.Offer()), true, SipMediaProfile.Plain, SipMediaProfile.Plain);

        var unchanged = await ((ISipMediaAnchor)new MediaBridgeControl(off)).OfferAsync(Offer(), default);
        var anchored = await ((ISipMediaAnchor)new MediaBridgeControl(on)).OfferAsync(Offer(), default);

        Assert.Equal(SipMediaAnchorOutcome.Unchanged, unchanged.Outcome);
        Assert.Equal(SipMediaAnchorOutcome.Rewritten, anchored.Outcome);
        Assert.Equal(0, off.CallCount);
        Assert.True(on.TryGetPlainRelay("hook-plain", out _));
    }

    /// <summary>Offer from the caller (tag caller-tag), answer from the callee (tag callee-tag); each endpoint is pointed at what it was told.</summary>
    private static (SessionDescription Offer, SessionDescription Answer) Connect(MediaBridge bridge, PlainEndpoint caller, PlainEndpoint callee, string callId)
    {
        var offered = bridge.Offer(new MediaOfferRequest(callId, "caller-tag", Bytes(caller.Offer()), MediaLegProfile.Plain) { AnchorPlain = true });
        Assert.Equal(MediaBridgeStatus.Rewritten, offered.Status);
        var answered = bridge.Answer(new MediaAnswerRequest(callId, "caller-tag", "callee-tag", Bytes(callee.Answer(0, "PCMU/8000"))));
        Assert.Equal(MediaBridgeStatus.Rewritten, answered.Status);
        var offer = Parse(offered.Sdp);
        var answer = Parse(answered.Sdp);
        callee.Remote = new IPEndPoint(IPAddress.Parse(offer.Connection!.Host), offer.Media.Single(m => m.Port != 0).Port);
        caller.Remote = new IPEndPoint(IPAddress.Parse(answer.Connection!.Host), answer.Media.Single(m => m.Port != 0).Port);
        return (offer, answer);
    }
}
