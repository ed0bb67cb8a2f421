using FsCheck.Xunit;
using Rethink.Ims.Media.Sdp;
using static Rethink.Ims.Tests.Media.Sdp.BridgeOptions;

namespace Rethink.Ims.Tests.Media.Sdp;

public class SdpRewriterProperties
{
    private static readonly string[] ForbiddenOnPlainLeg =
    [
        "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "candidate", "end-of-candidates", "fingerprint", "setup",
        "mid", "group", "bundle-only", "rtcp-mux", "rtcp-fb", "extmap", "extmap-allow-mixed", "ssrc", "ssrc-group", "msid", "msid-semantic",
    ];

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 300)]
    public void Webrtc_offer_to_plain_has_no_webrtc_attributes_and_rtp_avp(WebRtcOfferCase c)
    {
        var plain = SdpRewriter.ToPlainOffer(c.Offer, Plain);
        AssertPlainLeg(plain);
        Assert.Equal(c.Offer.Media.Select(m => m.Media), plain.Media.Select(m => m.Media));
        Assert.All(plain.Media.Where(m => m.IsRtp), m => Assert.Equal("RTP/AVP", m.Protocol));

        var eligible = c.Offer.Media.Select((m, i) => (m, i))
            .FirstOrDefault(x => x.m.Media == "audio" && (x.m.Port != 0 || x.m.HasAttribute("bundle-only")));
        var accepted = plain.Media.Select((m, i) => (m, i)).Where(x => !x.m.IsRejected).ToList();
        if (eligible.m is null)
        {
            Assert.Empty(accepted);
            return;
        }

        var (media, index) = Assert.Single(accepted);
        Assert.Equal(eligible.i, index);
        Assert.Equal(Plain.Port, media.Port);
        Assert.Equal<PayloadFormat>(OfferAnswer.OfferFormats(Plain.Codecs), media.PayloadFormats);
        Assert.Equal(c.Offer.EffectiveDirection(eligible.m), media.Direction);
        Assert.Equal("kept " + index, media.FindAttribute("x-custom")?.Value);
        Assert.Equal(Plain.Address, plain.EffectiveConnection(media)!.Address);
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 300)]
    public void Plain_answer_to_chrome_has_ice_lite_dtls_rtcp_mux_and_the_offers_mids(WebRtcOfferCase c)
    {
        var plainOffer = SdpRewriter.ToPlainOffer(c.Offer, Plain);
        var imsAnswer = OfferAnswer.CreateAnswer(plainOffer, c.ImsCore);
        var answer = SdpRewriter.ToWebRtcAnswer(c.Offer, imsAnswer, WebRtc);

        Assert.Equal(c.Offer.Media.Select(m => m.Media), answer.Media.Select(m => m.Media));
        Assert.Equal(c.Offer.Media.Select(m => m.Mid), answer.Media.Select(m => m.Mid));
        Assert.True(answer.IceLite);
        for (var i = 0; i < answer.Media.Length; i++)
        {
            var offered = c.Offer.Media[i];
            var answered = answer.Media[i];
            Assert.Equal(offered.Protocol, answered.Protocol);
            if (answered.IsRejected)
            {
                continue;
            }

            Assert.False(imsAnswer.Media[i].IsRejected);
            AssertWebRtcTransport(answered);
            Assert.Equal(offered.Setup!.Value == DtlsSetup.Passive ? DtlsSetup.Active : DtlsSetup.Passive, answered.Setup);
            Assert.Equal(offered.RtcpMux, answered.RtcpMux);
            Assert.Equal("UDP/TLS/RTP/SAVPF", answered.Protocol);
            Assert.Subset(offered.Formats.ToHashSet(), answered.Formats.ToHashSet());
            Assert.All(answered.PayloadFormats, f => Assert.Equal(
                offered.PayloadFormats.Single(o => o.PayloadType == f.PayloadType) with { Parameters = null }, f with { Parameters = null }));
            var expectedDirection = c.Offer.EffectiveDirection(offered).Reverse().Intersect(imsAnswer.EffectiveDirection(imsAnswer.Media[i]));
            Assert.Equal(expectedDirection, answered.Direction);
        }

        var acceptedMids = answer.Media.Where(m => !m.IsRejected).Select(m => m.Mid).ToList();
        if (c.Offer.BundleGroup is null || acceptedMids.Count == 0)
        {
            Assert.Null(answer.BundleGroup);
        }
        else
        {
            Assert.Equal(acceptedMids, answer.BundleGroup!.Tags);
        }
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 300)]
    public void Plain_offer_to_webrtc_has_ice_dtls_actpass_rtcp_mux_and_a_bundle_of_the_accepted_mid(OfferCase c)
    {
        var offer = SdpRewriter.ToWebRtcOffer(c.Offer, WebRtc);
        Assert.Equal(c.Offer.Media.Select(m => m.Media), offer.Media.Select(m => m.Media));
        var mids = offer.Media.Select(m => m.Mid).ToList();
        Assert.DoesNotContain(null, mids);
        Assert.Equal(mids.Count, mids.Distinct().Count());
        Assert.True(offer.IceLite);

        var accepted = offer.Media.Where(m => !m.IsRejected).ToList();
        var eligible = c.Offer.Media.Any(m => m.Media == "audio" && m.Port != 0 && m.IsRtp);
        Assert.Equal(eligible ? 1 : 0, accepted.Count);
        foreach (var media in accepted)
        {
            AssertWebRtcTransport(media);
            Assert.Equal(DtlsSetup.ActPass, media.Setup);
            Assert.True(media.RtcpMux);
            Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
            Assert.Equal<PayloadFormat>(OfferAnswer.OfferFormats(WebRtc.Codecs), media.PayloadFormats);
        }

        Assert.Equal(accepted.Select(m => m.Mid), offer.BundleGroup?.Tags ?? []);
        Assert.All(offer.Media.Where(m => m.IsRtp), m => Assert.Equal("UDP/TLS/RTP/SAVPF", m.Protocol));
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 300)]
    public void Browser_answer_to_plain_obeys_the_answer_laws_against_the_ims_offer(OfferCase c)
    {
        var webRtcOffer = SdpRewriter.ToWebRtcOffer(c.Offer, WebRtc);
        var browserAnswer = OfferAnswer.CreateAnswer(webRtcOffer, new AnswerOptions
        {
            Origin = SdpOrigin.Create("127.0.0.1"),
            Address = "0.0.0.0",
            Port = 9,
            Codecs = [SdpCodec.Opus, SdpCodec.Pcmu, SdpCodec.TelephoneEvent48000],
            Protocols = ["UDP/TLS/RTP/SAVPF"],
            Direction = c.Options.Direction,
            RtcpMux = true,
        });
        var plainLeg = Plain with { Codecs = c.Options.Codecs, CodecOrder = c.Options.CodecOrder, SingleCodec = c.Options.SingleCodec };
        var answer = SdpRewriter.ToPlainAnswer(c.Offer, browserAnswer, plainLeg);

        AssertPlainLeg(answer);
        Assert.Equal(c.Offer.Media.Select(m => m.Media), answer.Media.Select(m => m.Media));
        Assert.True(answer.Media.Count(m => !m.IsRejected) <= 1);
        for (var i = 0; i < answer.Media.Length; i++)
        {
            var offered = c.Offer.Media[i];
            var answered = answer.Media[i];
            Assert.Equal(offered.Protocol, answered.Protocol);
            Assert.Subset(offered.Formats.ToHashSet(), answered.Formats.ToHashSet());
            if (answered.IsRejected)
            {
                continue;
            }

            Assert.False(browserAnswer.Media[i].IsRejected);
            Assert.All(answered.PayloadFormats, f => Assert.Equal(
                offered.PayloadFormats.Single(o => o.PayloadType == f.PayloadType) with { Parameters = null }, f with { Parameters = null }));
            var expected = c.Offer.EffectiveDirection(offered).Reverse().Intersect(browserAnswer.EffectiveDirection(browserAnswer.Media[i]));
            Assert.Equal(expected, answered.Direction);
        }
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 200)]
    public void Rewritten_descriptions_survive_a_parse_write_round_trip(WebRtcOfferCase c)
    {
        var plainOffer = SdpRewriter.ToPlainOffer(c.Offer, Plain);
        var answer = SdpRewriter.ToWebRtcAnswer(c.Offer, OfferAnswer.CreateAnswer(plainOffer, c.ImsCore), WebRtc);
        var reOffer = SdpRewriter.ToWebRtcOffer(plainOffer, WebRtc);
        foreach (var description in new[] { plainOffer, answer, reOffer })
        {
            Assert.True(SdpParser.TryParse(description.ToSdp(), out var parsed, out var error), error.ToString());
            Assert.Equal(description, parsed);
        }
    }

    private static void AssertPlainLeg(SessionDescription plain)
    {
        var names = AllAttributes(plain).Select(a => a.Name).ToHashSet();
        Assert.All(ForbiddenOnPlainLeg, name => Assert.False(names.Contains(name), name));
        Assert.All(names, name => Assert.False(SdpRewriter.WebRtcAttributeNames.Contains(name), name));
    }

    private static void AssertWebRtcTransport(MediaDescription media)
    {
        Assert.Equal(BridgeOptions.Ice.Ufrag, media.IceUfrag);
        Assert.Equal(BridgeOptions.Ice.Password, media.IcePwd);
        Assert.Equal(Fingerprint, Assert.Single(media.Fingerprints));
        Assert.Equal(IceCandidate.Host(WebRtc.CandidateFoundation, 1, WebRtc.Address, WebRtc.Port), Assert.Single(media.Candidates));
        Assert.True(media.EndOfCandidates);
        Assert.Equal(WebRtc.Port, media.Port);
    }
}
