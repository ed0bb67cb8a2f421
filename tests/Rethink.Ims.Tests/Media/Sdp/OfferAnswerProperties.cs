using FsCheck.Xunit;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Sdp;

public class OfferAnswerProperties
{
    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 500)]
    public void Answer_has_the_offers_m_lines_in_the_same_order(OfferCase c)
    {
        var answer = OfferAnswer.CreateAnswer(c.Offer, c.Options);
        Assert.Equal(c.Offer.Media.Select(m => m.Media), answer.Media.Select(m => m.Media));
        Assert.Equal(c.Offer.Media.Select(m => m.Protocol), answer.Media.Select(m => m.Protocol));
        Assert.Equal<SdpTiming>(c.Offer.Timings, answer.Timings);
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 500)]
    public void Answer_codecs_are_offered_codecs_under_the_offers_payload_types(OfferCase c)
    {
        var answer = OfferAnswer.CreateAnswer(c.Offer, c.Options);
        for (var i = 0; i < answer.Media.Length; i++)
        {
            var offered = c.Offer.Media[i];
            var answered = answer.Media[i];
            Assert.Subset(offered.Formats.ToHashSet(), answered.Formats.ToHashSet());
            if (answered.IsRejected)
            {
                continue;
            }

            var offeredFormats = offered.PayloadFormats;
            foreach (var format in answered.PayloadFormats)
            {
                var original = Assert.Single(offeredFormats, f => f.PayloadType == format.PayloadType);
                Assert.Equal(original with { Parameters = null }, format with { Parameters = null });
                Assert.Contains(c.Options.Codecs, codec => codec.Matches(format with { Parameters = codec.Parameters ?? format.Parameters }));
            }

            Assert.Equal(answered.Formats.Length, answered.PayloadFormats.Length);
        }
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 500)]
    public void Accepted_streams_carry_audio_and_events_only_at_an_audio_codecs_clock_rate(OfferCase c)
    {
        foreach (var answered in OfferAnswer.CreateAnswer(c.Offer, c.Options).Media.Where(m => !m.IsRejected))
        {
            var formats = answered.PayloadFormats;
            var audio = formats.Where(f => !f.IsTelephoneEvent).ToList();
            Assert.NotEmpty(audio);
            Assert.All(formats.Where(f => f.IsTelephoneEvent), e => Assert.Contains(audio, a => a.ClockRate == e.ClockRate));
            Assert.Equal(formats.Where(f => f.IsTelephoneEvent).Select(f => f.ClockRate).Distinct().Count(), formats.Count(f => f.IsTelephoneEvent));
            if (c.Options.SingleCodec)
            {
                Assert.Single(audio);
            }
        }
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 500)]
    public void Answer_direction_is_the_reversed_offer_within_ours(OfferCase c)
    {
        var answer = OfferAnswer.CreateAnswer(c.Offer, c.Options);
        for (var i = 0; i < answer.Media.Length; i++)
        {
            if (!answer.Media[i].IsRejected)
            {
                var expected = c.Offer.EffectiveDirection(c.Offer.Media[i]).Reverse().Intersect(c.Options.Direction);
                Assert.Equal(expected, answer.Media[i].Direction);
            }
        }
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 500)]
    public void A_stream_is_rejected_exactly_when_it_is_disabled_unsupported_shares_no_codec_or_over_the_limit(OfferCase c)
    {
        var answer = OfferAnswer.CreateAnswer(c.Offer, c.Options);
        var acceptedBefore = 0;
        for (var i = 0; i < answer.Media.Length; i++)
        {
            var offered = c.Offer.Media[i];
            var acceptable = offered.Port != 0 &&
                string.Equals(offered.Media, c.Options.MediaType, StringComparison.OrdinalIgnoreCase) &&
                c.Options.Protocols.Contains(offered.Protocol, StringComparer.OrdinalIgnoreCase) &&
                !OfferAnswer.NegotiateFormats(offered, c.Options.Codecs).IsEmpty &&
                acceptedBefore < c.Options.MaxAcceptedMedia;
            Assert.Equal(acceptable, !answer.Media[i].IsRejected);
            if (acceptable)
            {
                acceptedBefore++;
                Assert.Equal(c.Options.Port, answer.Media[i].Port);
            }
        }
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 300)]
    public void Answer_echoes_each_mid_and_survives_a_parse_write_round_trip(OfferCase c)
    {
        var answer = OfferAnswer.CreateAnswer(c.Offer, c.Options);
        Assert.Equal(c.Offer.Media.Select(m => m.Mid), answer.Media.Select(m => m.Mid));
        Assert.True(SdpParser.TryParse(answer.ToSdp(), out var parsed, out var error), error.ToString());
        Assert.Equal(answer, parsed);
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 300)]
    public void Offer_formats_have_distinct_payload_types_in_range(OfferCase c)
    {
        var formats = OfferAnswer.OfferFormats(c.Options.Codecs);
        Assert.Equal(c.Options.Codecs.Length, formats.Length);
        Assert.Equal(formats.Length, formats.Select(f => f.PayloadType).Distinct().Count());
        Assert.All(formats, f => Assert.InRange(f.PayloadType, 0, 127));
        Assert.All(formats.Zip(c.Options.Codecs), pair => Assert.True(pair.Second.Matches(pair.First)));
    }
}
