using Rethink.Ims.Media.Sdp;
using static Rethink.Ims.Tests.Media.Sdp.BridgeOptions;
using static Rethink.Ims.Tests.Media.Sdp.SdpParserTests;

namespace Rethink.Ims.Tests.Media.Sdp;

public class SdpRewriterTests
{
    [Fact]
    public void Chrome_offer_becomes_a_bare_g711_offer_for_the_ims_core()
    {
        var plain = SdpRewriter.ToPlainOffer(Parse(SdpSamples.ChromeOffer), Plain);
        Assert.Equal(SdpSamples.Crlf("""
            v=0
            o=- 7 1 IN IP4 203.0.113.20
            s=-
            c=IN IP4 203.0.113.20
            t=0 0
            m=audio 20000 RTP/AVP 0 8 101
            a=sendrecv
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            """), plain.ToSdp());
    }

    [Fact]
    public void Ims_answer_becomes_an_ice_lite_dtls_answer_for_chrome()
    {
        var browserOffer = Parse(SdpSamples.ChromeOffer);
        var imsAnswer = OfferAnswer.CreateAnswer(SdpRewriter.ToPlainOffer(browserOffer, Plain), ImsCore);
        Assert.Equal(new[] { "8", "101" }, imsAnswer.Media[0].Formats);

        var answer = SdpRewriter.ToWebRtcAnswer(browserOffer, imsAnswer, WebRtc);
        Assert.Equal(SdpSamples.Crlf($"""
            v=0
            o=- 99 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            a=ice-lite
            a=group:BUNDLE 0
            m=audio 40000 UDP/TLS/RTP/SAVPF 111 0 8 110 126
            a=ice-ufrag:BrIdGe01
            a=ice-pwd:0123456789abcdefghijklmnopqrstuv
            a=fingerprint:{FingerprintText}
            a=setup:passive
            a=mid:0
            a=sendrecv
            a=rtcp-mux
            a=rtpmap:111 opus/48000/2
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:110 telephone-event/48000
            a=fmtp:110 0-16
            a=rtpmap:126 telephone-event/8000
            a=fmtp:126 0-16
            a=candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host
            a=end-of-candidates
            """), answer.ToSdp());
    }

    [Fact]
    public void Video_and_data_channel_are_disabled_towards_ims_and_rejected_towards_chrome_with_their_mids()
    {
        var browserOffer = Parse(SdpSamples.ChromeAudioVideoDataOffer);
        var plainOffer = SdpRewriter.ToPlainOffer(browserOffer, Plain);
        Assert.Equal(new[] { "m=audio 20000 RTP/AVP", "m=video 0 RTP/AVP", "m=application 0 UDP/DTLS/SCTP" },
            plainOffer.Media.Select(m => $"m={m.Media} {m.Port} {m.Protocol}"));
        Assert.Empty(plainOffer.Media[1].Attributes);

        var answer = SdpRewriter.ToWebRtcAnswer(browserOffer, OfferAnswer.CreateAnswer(plainOffer, ImsCore), WebRtc);
        Assert.Equal(new[] { 40000, 0, 0 }, answer.Media.Select(m => m.Port));
        Assert.Equal(new[] { "0", "1", "2" }, answer.Media.Select(m => m.Mid));
        Assert.Equal("UDP/DTLS/SCTP", answer.Media[2].Protocol);
        Assert.Equal(new SdpGroup("BUNDLE", ["0"]), answer.BundleGroup);
    }

    [Fact]
    public void Audio_rejected_by_the_ims_core_is_rejected_towards_chrome_without_a_bundle_group()
    {
        var browserOffer = Parse(SdpSamples.ChromeOffer);
        var imsAnswer = OfferAnswer.CreateAnswer(SdpRewriter.ToPlainOffer(browserOffer, Plain), ImsCore with { Codecs = [SdpCodec.G722] });
        var answer = SdpRewriter.ToWebRtcAnswer(browserOffer, imsAnswer, WebRtc);
        Assert.True(answer.Media[0].IsRejected);
        Assert.Equal("0", answer.Media[0].Mid);
        Assert.Null(answer.BundleGroup);
    }

    [Theory]
    [InlineData(MediaDirection.SendRecv, MediaDirection.SendOnly, MediaDirection.SendOnly)]
    [InlineData(MediaDirection.SendRecv, MediaDirection.RecvOnly, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.SendOnly, MediaDirection.RecvOnly, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.RecvOnly, MediaDirection.SendOnly, MediaDirection.SendOnly)]
    [InlineData(MediaDirection.SendRecv, MediaDirection.Inactive, MediaDirection.Inactive)]
    public void Directions_pass_through_the_bridge(MediaDirection browserOffers, MediaDirection imsAnswers, MediaDirection browserGets)
    {
        var browserOffer = Parse(SdpSamples.ChromeOffer).WithMedia((m, _) => m.WithDirection(browserOffers));
        var plainOffer = SdpRewriter.ToPlainOffer(browserOffer, Plain);
        Assert.Equal(browserOffers, plainOffer.Media[0].Direction);
        var imsAnswer = OfferAnswer.CreateAnswer(plainOffer, ImsCore).WithMedia((m, _) => m.WithDirection(imsAnswers));
        Assert.Equal(browserGets, SdpRewriter.ToWebRtcAnswer(browserOffer, imsAnswer, WebRtc).Media[0].Direction);
    }

    [Theory]
    [InlineData("actpass", "passive")]
    [InlineData("active", "passive")]
    [InlineData("passive", "active")]
    public void Answer_setup_is_the_counterpart_of_the_browsers(string offered, string answered)
    {
        var browserOffer = Parse(SdpSamples.ChromeOffer.Replace("a=setup:actpass", "a=setup:" + offered, StringComparison.Ordinal));
        var imsAnswer = OfferAnswer.CreateAnswer(SdpRewriter.ToPlainOffer(browserOffer, Plain), ImsCore);
        Assert.Equal(answered, SdpRewriter.ToWebRtcAnswer(browserOffer, imsAnswer, WebRtc).Media[0].FindAttribute("setup")!.Value);
        Assert.Equal(DtlsSetup.Active, SdpRewriter.ToWebRtcAnswer(
            Parse(SdpSamples.ChromeOffer), imsAnswer, WebRtc with { AnswerSetup = DtlsSetup.Active }).Media[0].Setup);
    }

    [Fact]
    public void Firefox_offer_rewrites_both_ways_with_its_own_payload_types()
    {
        var browserOffer = Parse(SdpSamples.FirefoxOffer);
        var plainOffer = SdpRewriter.ToPlainOffer(browserOffer, Plain);
        Assert.Empty(plainOffer.Attributes);
        Assert.Equal(MediaDirection.SendRecv, plainOffer.Media[0].Direction);

        var answer = SdpRewriter.ToWebRtcAnswer(browserOffer, OfferAnswer.CreateAnswer(plainOffer, ImsCore), WebRtc);
        Assert.Equal(new[] { "109", "0", "8", "101" }, answer.Media[0].Formats);
        Assert.Equal("0", answer.Media[0].Mid);
        Assert.Equal(new SdpGroup("BUNDLE", ["0"]), answer.BundleGroup);
    }

    [Fact]
    public void Sip_phone_offer_becomes_an_actpass_bundled_offer_for_the_browser()
    {
        var offer = SdpRewriter.ToWebRtcOffer(Parse(SdpSamples.SipPhoneOffer), WebRtc with { Ssrc = 12345, TrackId = "bridge-audio" });
        Assert.Equal(SdpSamples.Crlf($"""
            v=0
            o=- 99 1 IN IP4 192.0.2.1
            s=-
            c=IN IP4 192.0.2.1
            t=0 0
            a=ice-lite
            a=group:BUNDLE 0
            m=audio 40000 UDP/TLS/RTP/SAVPF 111 0 8 110 101
            a=ice-ufrag:BrIdGe01
            a=ice-pwd:0123456789abcdefghijklmnopqrstuv
            a=fingerprint:{FingerprintText}
            a=setup:actpass
            a=mid:0
            a=sendrecv
            a=rtcp-mux
            a=rtpmap:111 opus/48000/2
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:110 telephone-event/48000
            a=fmtp:110 0-16
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=msid:- bridge-audio
            a=ssrc:12345 cname:rethink-ims
            a=candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host
            a=end-of-candidates
            """), offer.ToSdp());
    }

    [Fact]
    public void Browser_answer_becomes_a_plain_answer_with_the_ims_payload_types_and_the_browsers_direction()
    {
        var imsOffer = Parse(SdpSamples.SipPhoneOffer);
        var browserAnswer = Parse(SdpSamples.Crlf("""
            v=0
            o=- 1 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            m=audio 9 UDP/TLS/RTP/SAVPF 111 110
            c=IN IP4 0.0.0.0
            a=ice-ufrag:abcd
            a=ice-pwd:abcdefghijklmnopqrstuvwx
            a=fingerprint:sha-256 AB:CD
            a=setup:active
            a=mid:0
            a=recvonly
            a=rtcp-mux
            a=rtpmap:111 opus/48000/2
            a=rtpmap:110 telephone-event/48000
            """));
        var answer = SdpRewriter.ToPlainAnswer(imsOffer, browserAnswer, Plain);
        Assert.Equal(SdpSamples.Crlf("""
            v=0
            o=- 7 1 IN IP4 203.0.113.20
            s=-
            c=IN IP4 203.0.113.20
            t=0 0
            m=audio 20000 RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=ptime:20
            a=recvonly
            """), answer.ToSdp());

        var rejecting = browserAnswer.WithMedia((m, _) => m with { Port = 0 });
        Assert.True(SdpRewriter.ToPlainAnswer(imsOffer, rejecting, Plain).Media[0].IsRejected);
        Assert.True(SdpRewriter.ToPlainAnswer(imsOffer, browserAnswer with { Media = [] }, Plain).Media[0].IsRejected);
    }

    [Fact]
    public void Ims_amr_offer_needs_amr_on_the_plain_leg()
    {
        var imsOffer = Parse(SdpSamples.ImsAmrOffer);
        var browserOffer = SdpRewriter.ToWebRtcOffer(imsOffer, WebRtc);
        Assert.False(browserOffer.Media[0].IsRejected);
        var browserAnswer = browserOffer.WithMedia((m, _) => m.WithAttributeSet(DtlsSetup.Active.ToAttribute()));

        Assert.True(SdpRewriter.ToPlainAnswer(imsOffer, browserAnswer, Plain).Media[0].IsRejected);
        var amrLeg = Plain with { Codecs = [SdpCodec.AmrWb, SdpCodec.TelephoneEvent16000] };
        var answer = SdpRewriter.ToPlainAnswer(imsOffer, browserAnswer, amrLeg);
        Assert.Equal(new[] { "116", "111" }, answer.Media[0].Formats);
        Assert.Equal("IP4", answer.Connection!.AddressType);
    }

    [Fact]
    public void Other_media_in_an_ims_offer_are_disabled_with_a_mid_and_only_audio_is_bundled()
    {
        var offer = SdpRewriter.ToWebRtcOffer(Parse(SdpSamples.Rfc8866Example), WebRtc with { IceLite = false });
        Assert.Equal(new[] { 40000, 0, 0 }, offer.Media.Select(m => m.Port));
        Assert.Equal(new[] { "0", "1", "2" }, offer.Media.Select(m => m.Mid));
        Assert.All(offer.Media, m => Assert.Equal("UDP/TLS/RTP/SAVPF", m.Protocol));
        Assert.Equal(new SdpGroup("BUNDLE", ["0"]), offer.BundleGroup);
        Assert.False(offer.IceLite);
        Assert.Null(SdpRewriter.ToWebRtcOffer(Parse(SdpSamples.Rfc8866Example), WebRtc with { Bundle = false }).BundleGroup);
    }

    [Fact]
    public void Given_candidates_replace_the_default_host_candidate()
    {
        var candidates = new[] { IceCandidate.Host("1", 1, "192.0.2.1", 40000), IceCandidate.Host("2", 1, "2001:db8::1", 40000) };
        var offer = SdpRewriter.ToWebRtcOffer(Parse(SdpSamples.SipPhoneOffer), WebRtc with { Candidates = [.. candidates], EndOfCandidates = false });
        Assert.Equal(candidates, offer.Media[0].Candidates);
        Assert.False(offer.Media[0].EndOfCandidates);
    }

    [Fact]
    public void Strip_webrtc_keeps_everything_else_in_order()
    {
        var stripped = SdpRewriter.StripWebRtc(Parse(SdpSamples.ChromeOffer));
        Assert.Empty(stripped.Attributes);
        Assert.Equal(new[] { "rtcp", "sendrecv", "rtpmap", "fmtp", "rtpmap", "fmtp", "rtpmap", "rtpmap", "rtpmap", "rtpmap", "rtpmap", "rtpmap" },
            stripped.Media[0].Attributes.Select(a => a.Name));
    }

    [Fact]
    public void Written_rewrites_parse_back_to_the_same_model()
    {
        var browserOffer = Parse(SdpSamples.ChromeAudioVideoDataOffer);
        var plainOffer = SdpRewriter.ToPlainOffer(browserOffer, Plain);
        var webRtcAnswer = SdpRewriter.ToWebRtcAnswer(browserOffer, OfferAnswer.CreateAnswer(plainOffer, ImsCore), WebRtc);
        var webRtcOffer = SdpRewriter.ToWebRtcOffer(Parse(SdpSamples.ImsAmrOffer), WebRtc);
        foreach (var description in new[] { plainOffer, webRtcAnswer, webRtcOffer })
        {
            Assert.Equal(description, Parse(description.ToSdp()));
        }
    }
}
