using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Control;
using Rethink.Ims.Sip.Proxy;
using static Rethink.Ims.Tests.Media.Bridge.BridgeFixture;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>The control in front of the bridge: the edge proxy's anchor hook and the ng commands Kamailio sends.</summary>
public class MediaBridgeControlTests
{
    private const string Pcmu = "0 PCMU/8000";

    [Fact]
    public async Task The_proxy_hook_rewrites_a_browser_call_to_plain_and_back_and_leaves_plain_to_plain_alone()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        ISipMediaAnchor anchor = new MediaBridgeControl(bridge);
        var dialog = new SipMediaDialog("hook-1", "ft");

        var offer = await anchor.OfferAsync(new SipMediaOffer(dialog, Bytes(browser.Offer([Pcmu])), true, SipMediaProfile.WebRtc, SipMediaProfile.Plain), default);
        Assert.Equal(SipMediaAnchorOutcome.Rewritten, offer.Outcome);
        Assert.Equal("RTP/AVP", Parse(offer.Sdp).Media[0].Protocol);

        var answer = await anchor.AnswerAsync(new SipMediaAnswer(dialog with { ToTag = "tt" }, Bytes(plain.Answer(0, "PCMU/8000")), false, SipMediaProfile.Plain), default);
        Assert.Equal(SipMediaAnchorOutcome.Rewritten, answer.Outcome);
        Assert.Equal("UDP/TLS/RTP/SAVPF", Parse(answer.Sdp).Media[0].Protocol);

        // A failed forked branch does not take the media down; the whole call does.
        await anchor.DeleteAsync(dialog with { ToTag = "other-branch" }, default);
        Assert.Equal(1, bridge.CallCount);
        await anchor.DeleteAsync(dialog, default);
        Assert.Equal(0, bridge.CallCount);

        var same = await anchor.OfferAsync(new SipMediaOffer(new SipMediaDialog("hook-2", "f"), Bytes(plain.Offer()), true, SipMediaProfile.Plain, SipMediaProfile.Plain), default);
        Assert.Equal(SipMediaAnchorOutcome.Unchanged, same.Outcome);
        Assert.Equal(0, bridge.CallCount);
    }

    [Fact]
    public async Task The_proxy_hook_answers_503_when_the_bridge_is_full_and_488_for_an_unusable_offer()
    {
        await using var bridge = Create(Options(o => o.MaxCalls = 1));
        await using var browser = new FakeBrowser();
        ISipMediaAnchor anchor = new MediaBridgeControl(bridge);
        SipMediaOffer Offer(string callId, string sdp) => new(new SipMediaDialog(callId, "f"), Bytes(sdp), true, SipMediaProfile.WebRtc, SipMediaProfile.Plain);

        Assert.Equal(SipMediaAnchorOutcome.Rewritten, (await anchor.OfferAsync(Offer("x1", browser.Offer([Pcmu])), default)).Outcome);
        var full = await anchor.OfferAsync(Offer("x2", browser.Offer([Pcmu])), default);
        Assert.Equal((SipMediaAnchorOutcome.Refused, 503), (full.Outcome, full.StatusCode));
        var video = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n";
        var refused = await anchor.OfferAsync(Offer("x3", video), default);
        Assert.Equal((SipMediaAnchorOutcome.Refused, 488), (refused.Outcome, refused.StatusCode));
    }

    [Fact]
    public async Task Kamailio_style_ng_offer_with_ICE_remove_and_RTP_AVP_gets_plain_SDP_and_codec_flags_apply()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        IMediaSessionControl control = new MediaBridgeControl(bridge);

        var offer = await control.OfferAsync(Ng("offer", "ng-1", browser.Offer(["111 opus/48000/2", Pcmu]),
            "d3:ICE6:remove4:DTLS3:off18:transport-protocol7:RTP/AVP8:rtcp-muxl5:demuxe5:codecd5:stripl4:PCMAeee"), default);
        Assert.Equal(NgResultKind.Ok, offer.Kind);
        var plainOffer = Parse(offer.Sdp!.Value);
        var media = plainOffer.Media[0];
        Assert.Equal("RTP/AVP", media.Protocol);
        Assert.DoesNotContain(media.PayloadFormats, f => f.EncodingName == "PCMA");
        Assert.Contains(media.PayloadFormats, f => f.EncodingName == "PCMU");
        Assert.False(media.RtcpMux);

        var answer = await control.AnswerAsync(Ng("answer", "ng-1", plain.Answer(0, "PCMU/8000"), "d3:ICE5:forcee", toTag: "tt"), default);
        Assert.Equal(NgResultKind.Ok, answer.Kind);
        var webAnswer = Parse(answer.Sdp!.Value);
        Assert.NotNull(webAnswer.Media[0].IceUfrag);
        Assert.NotEmpty(webAnswer.Media[0].Fingerprints);

        var query = await control.QueryAsync(Ng("query", "ng-1", null, "de"), default);
        Assert.Equal(NgResultKind.Ok, query.Kind);
        Assert.NotNull(query.Statistics);

        Assert.Equal(NgResultKind.Ok, (await control.DeleteAsync(Ng("delete", "ng-1", null, "de"), default)).Kind);
        Assert.Equal(0, bridge.CallCount);
        Assert.Equal(NgResultKind.Error, (await control.QueryAsync(Ng("query", "ng-1", null, "de"), default)).Kind);
    }

    [Fact]
    public async Task A_repeated_ng_answer_as_Kamailio_sends_for_a_retransmitted_200_gets_the_same_SDP_and_another_answer_is_still_refused()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        IMediaSessionControl control = new MediaBridgeControl(bridge);
        await control.OfferAsync(Ng("offer", "ng-r", browser.Offer([Pcmu]), "d3:ICE6:remove4:DTLS3:off18:transport-protocol7:RTP/AVPe"), default);
        var plainAnswer = plain.Answer(0, "PCMU/8000");

        var first = await control.AnswerAsync(Ng("answer", "ng-r", plainAnswer, "d3:ICE5:forcee", toTag: "tt"), default);
        var repeat = await control.AnswerAsync(Ng("answer", "ng-r", plainAnswer, "d3:ICE5:forcee", toTag: "tt"), default);
        var other = await control.AnswerAsync(Ng("answer", "ng-r", plain.Answer(8, "PCMA/8000"), "d3:ICE5:forcee", toTag: "tt"), default);

        Assert.Equal(NgResultKind.Ok, first.Kind);
        Assert.Equal(NgResultKind.Ok, repeat.Kind);
        Assert.Equal(Encoding.UTF8.GetString(first.Sdp!.Value.Span), Encoding.UTF8.GetString(repeat.Sdp!.Value.Span));
        Assert.Equal(NgResultKind.Error, other.Kind);
        Assert.Equal(1, bridge.CallCount);
    }

    [Fact]
    public async Task Ng_offer_from_a_plain_caller_with_ICE_force_and_DTLS_passive_offers_WebRTC_with_setup_passive()
    {
        await using var bridge = Create();
        await using var plain = new PlainEndpoint();
        IMediaSessionControl control = new MediaBridgeControl(bridge);

        var offer = await control.OfferAsync(Ng("offer", "ng-2", plain.Offer(), "d3:ICE5:force4:DTLS7:passive18:transport-protocol17:UDP/TLS/RTP/SAVPFe"), default);

        Assert.Equal(NgResultKind.Ok, offer.Kind);
        var media = Parse(offer.Sdp!.Value).Media[0];
        Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
        Assert.Equal(Rethink.Ims.Media.Sdp.DtlsSetup.Passive, media.Setup);
        Assert.True(media.RtcpMux);
        var sdes = await control.OfferAsync(Ng("offer", "ng-3", plain.Offer(), "d18:transport-protocol8:RTP/SAVPe"), default);
        Assert.Equal(NgResultKind.Error, sdes.Kind);
    }

    [Fact]
    public async Task AddImsMediaBridge_validates_options_at_start_naming_the_key_and_registers_the_hook()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ims:MediaBridge:PortMin"] = "40000",
            ["Ims:MediaBridge:PortMax"] = "30000",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddSingleton<ISipMediaAnchor>(NoMediaAnchor.Instance).AddImsMediaBridge().BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MediaBridgeOptions>>().Value);
        Assert.Contains("Ims:MediaBridge:PortMax", failure.Message, StringComparison.Ordinal);

        var good = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ims:MediaBridge:PortMin"] = "44000",
            ["Ims:MediaBridge:PortMax"] = "44099",
            ["Ims:MediaBridge:AdvertisedAddress"] = "127.0.0.1",
        }).Build();
        await using var ok = new ServiceCollection().AddSingleton<IConfiguration>(good).AddLogging()
            .AddSingleton<ISipMediaAnchor>(NoMediaAnchor.Instance).AddImsMediaBridge().BuildServiceProvider();
        Assert.IsType<MediaBridgeControl>(ok.GetRequiredService<ISipMediaAnchor>());
        Assert.Same(ok.GetRequiredService<ISipMediaAnchor>(), ok.GetRequiredService<IMediaSessionControl>());
        Assert.Equal(44000, ok.GetRequiredService<MediaBridge>().Options.PortMin);
    }

    private static NgRequest Ng(string command, string callId, string? sdp, string extra, string? toTag = null) =>
        NgRequests.Create(command, callId, "ft", sdp, extra, toTag);
}
