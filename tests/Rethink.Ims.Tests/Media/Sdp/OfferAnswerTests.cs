using Rethink.Ims.Media.Sdp;
using static Rethink.Ims.Tests.Media.Sdp.SdpParserTests;

namespace Rethink.Ims.Tests.Media.Sdp;

public class OfferAnswerTests
{
    private static readonly AnswerOptions G711 = new()
    {
        Origin = new SdpOrigin("-", "42", "1", "IN", "IP4", "192.0.2.50"),
        Address = "192.0.2.50",
        Port = 30000,
    };

    [Fact]
    public void Sip_phone_offer_gets_a_g711_answer_with_its_payload_types()
    {
        var answer = OfferAnswer.CreateAnswer(Parse(SdpSamples.SipPhoneOffer), G711);
        Assert.Equal(SdpSamples.Crlf("""
            v=0
            o=- 42 1 IN IP4 192.0.2.50
            s=-
            c=IN IP4 192.0.2.50
            t=0 0
            m=audio 30000 RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=sendrecv
            """), answer.ToSdp());
    }

    [Theory]
    [InlineData("sendrecv", MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [InlineData("sendonly", MediaDirection.SendRecv, MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.SendRecv, MediaDirection.SendOnly)]
    [InlineData("inactive", MediaDirection.SendRecv, MediaDirection.Inactive)]
    [InlineData("sendrecv", MediaDirection.RecvOnly, MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.RecvOnly, MediaDirection.Inactive)]
    public void Answer_direction_reverses_the_offer_within_what_we_allow(string offered, MediaDirection local, MediaDirection expected)
    {
        var offer = Parse(SdpSamples.SipPhoneOffer.Replace("a=sendrecv", "a=" + offered, StringComparison.Ordinal));
        var answer = OfferAnswer.CreateAnswer(offer, G711 with { Direction = local });
        Assert.Equal(expected, answer.Media[0].Direction);
    }

    [Fact]
    public void Session_level_direction_of_the_offer_applies_to_its_media()
    {
        var offer = Parse(SdpSamples.Rfc8866Example.Replace("t=0 0\r\n", "t=0 0\r\na=sendonly\r\n", StringComparison.Ordinal));
        Assert.Equal(MediaDirection.RecvOnly, OfferAnswer.CreateAnswer(offer, G711).Media[0].Direction);
    }

    [Fact]
    public void Streams_beyond_the_limit_and_of_other_media_are_rejected_in_place()
    {
        var offer = Parse(SdpSamples.Rfc8866Example);
        var answer = OfferAnswer.CreateAnswer(offer, G711);
        Assert.Equal(new[] { 30000, 0, 0 }, answer.Media.Select(m => m.Port));
        Assert.Equal(new[] { "audio", "audio", "video" }, answer.Media.Select(m => m.Media));
        Assert.Equal(new[] { "0" }, answer.Media[1].Formats);
        Assert.Equal(new[] { "99" }, answer.Media[2].Formats);
        Assert.Empty(answer.Media[2].Attributes);

        var two = OfferAnswer.CreateAnswer(offer, G711 with { MaxAcceptedMedia = 2, PortForMedia = (i, _) => 30000 + (2 * i) });
        Assert.Equal(new[] { 30000, 30002, 0 }, two.Media.Select(m => m.Port));
    }

    [Fact]
    public void Disabled_offered_stream_and_unsupported_protocol_are_rejected()
    {
        var disabled = Parse(SdpSamples.SipPhoneOffer.Replace("m=audio 49170", "m=audio 0", StringComparison.Ordinal));
        Assert.True(OfferAnswer.CreateAnswer(disabled, G711).Media[0].IsRejected);

        var sdes = Parse(SdpSamples.SipPhoneOffer.Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal));
        var rejected = OfferAnswer.CreateAnswer(sdes, G711).Media[0];
        Assert.True(rejected.IsRejected);
        Assert.Equal("RTP/SAVP", rejected.Protocol);
        Assert.Equal(new[] { "0", "8", "101" }, rejected.Formats);
    }

    [Fact]
    public void Amr_only_ims_offer_is_rejected_by_a_g711_answerer_and_accepted_by_an_amr_one()
    {
        var offer = Parse(SdpSamples.ImsAmrOffer);
        Assert.True(OfferAnswer.CreateAnswer(offer, G711).Media[0].IsRejected);

        var wideband = OfferAnswer.CreateAnswer(offer, G711 with { Codecs = [SdpCodec.AmrWb, SdpCodec.TelephoneEvent8000, SdpCodec.TelephoneEvent16000] });
        Assert.Equal(new[] { "116", "111" }, wideband.Media[0].Formats);
        Assert.Equal("mode-change-capability=2;max-red=0", wideband.Media[0].PayloadFormats[0].Parameters);

        var octetAligned = OfferAnswer.CreateAnswer(offer, G711 with { Codecs = [SdpCodec.Amr with { Parameters = "octet-align=1" }, SdpCodec.TelephoneEvent8000] });
        Assert.Equal(new[] { "96", "110" }, octetAligned.Media[0].Formats);
        Assert.Equal("octet-align=1", octetAligned.Media[0].PayloadFormats[0].Parameters);
        Assert.Equal(new SdpConnection("IN", "IP4", "192.0.2.50"), octetAligned.Connection);
    }

    [Fact]
    public void Telephone_event_without_a_matching_audio_codec_alone_is_no_stream()
    {
        var media = new MediaDescription("audio", 5000, "RTP/AVP") { Formats = ["101"], Attributes = [new("rtpmap", "101 telephone-event/8000")] };
        Assert.Empty(OfferAnswer.NegotiateFormats(media, G711.Codecs));
    }

    [Fact]
    public void Telephone_event_is_kept_only_at_a_chosen_codecs_clock_rate()
    {
        var chrome = Parse(SdpSamples.ChromeOffer).Media[0];
        var g711 = OfferAnswer.NegotiateFormats(chrome, [SdpCodec.Pcmu, SdpCodec.TelephoneEvent8000, SdpCodec.TelephoneEvent48000]);
        Assert.Equal(new[] { 0, 126 }, g711.Select(f => f.PayloadType));
        var opus = OfferAnswer.NegotiateFormats(chrome, [SdpCodec.Opus, SdpCodec.TelephoneEvent8000, SdpCodec.TelephoneEvent48000]);
        Assert.Equal(new[] { 111, 110 }, opus.Select(f => f.PayloadType));
    }

    [Fact]
    public void Answerer_order_and_single_codec_choose_what_comes_first()
    {
        var chrome = Parse(SdpSamples.ChromeOffer).Media[0];
        IReadOnlyList<SdpCodec> ours = [SdpCodec.Pcma, SdpCodec.Pcmu, SdpCodec.TelephoneEvent8000];
        Assert.Equal(new[] { 0, 8, 126 }, OfferAnswer.NegotiateFormats(chrome, ours).Select(f => f.PayloadType));
        Assert.Equal(new[] { 8, 0, 126 }, OfferAnswer.NegotiateFormats(chrome, ours, CodecPreference.Answerer).Select(f => f.PayloadType));
        Assert.Equal(new[] { 8, 126 }, OfferAnswer.NegotiateFormats(chrome, ours, CodecPreference.Answerer, singleCodec: true).Select(f => f.PayloadType));
        Assert.Equal(new[] { 0, 126 }, OfferAnswer.NegotiateFormats(chrome, ours, singleCodec: true).Select(f => f.PayloadType));
    }

    [Fact]
    public void Answer_keeps_the_offers_timing_echoes_mid_and_accepts_rtcp_mux_only_when_asked()
    {
        var offer = Parse(SdpSamples.ChromeOffer);
        var webRtcProfile = G711 with { Protocols = ["UDP/TLS/RTP/SAVPF"] };
        var answer = OfferAnswer.CreateAnswer(offer, webRtcProfile);
        Assert.Equal("0", answer.Media[0].Mid);
        Assert.False(answer.Media[0].RtcpMux);
        Assert.True(OfferAnswer.CreateAnswer(offer, webRtcProfile with { RtcpMux = true }).Media[0].RtcpMux);
        Assert.Empty(answer.Groups);

        var timed = Parse(SdpSamples.EveryLineType);
        Assert.Equal<SdpTiming>(timed.Timings, OfferAnswer.CreateAnswer(timed, G711 with { Protocols = ["RTP/SAVP"] }).Timings);
    }

    [Fact]
    public void Rejected_stream_keeps_its_mid()
    {
        var video = Parse(SdpSamples.ChromeAudioVideoDataOffer).Media[1];
        var rejected = OfferAnswer.Reject(video);
        Assert.Equal(("video", 0, "UDP/TLS/RTP/SAVPF", "1"), (rejected.Media, rejected.Port, rejected.Protocol, rejected.Mid));
        Assert.Equal(new[] { "96", "97" }, rejected.Formats);
    }

    [Fact]
    public void Offer_formats_use_preferred_payload_types_and_allocate_free_dynamic_ones()
    {
        var custom = new SdpCodec("X-TEST", 8000) { PayloadType = 96 };
        var formats = OfferAnswer.OfferFormats([SdpCodec.Opus, SdpCodec.Amr, custom, SdpCodec.Pcmu, SdpCodec.Pcmu with { EncodingName = "PCMU-COPY" }]);
        Assert.Equal(new[] { 111, 97, 96, 0, 98 }, formats.Select(f => f.PayloadType));
        Assert.Equal(new PayloadFormat(111, "opus", 48000, 2, "minptime=10;useinbandfec=1"), formats[0]);

        var tooMany = Enumerable.Range(0, 33).Select(i => new SdpCodec("C" + i, 8000)).ToList();
        Assert.Throws<ArgumentException>(() => OfferAnswer.OfferFormats(tooMany));
    }

    [Fact]
    public void Bundle_only_stream_with_port_zero_is_not_a_disabled_one()
    {
        var offer = Parse(SdpSamples.SipPhoneOffer.Replace("m=audio 49170", "m=audio 0", StringComparison.Ordinal)
            .Replace("a=sendrecv", "a=sendrecv\r\na=bundle-only", StringComparison.Ordinal));
        Assert.False(OfferAnswer.CreateAnswer(offer, G711).Media[0].IsRejected);
    }
}
