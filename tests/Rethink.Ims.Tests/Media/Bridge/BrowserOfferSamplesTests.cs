using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Tests.Media.Sdp;
using static Rethink.Ims.Tests.Media.Bridge.BridgeFixture;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>Real browsers' offers (Chrome audio, Chrome audio+video+data, Firefox) through the bridge and back.</summary>
public class BrowserOfferSamplesTests
{
    [Theory]
    [InlineData(nameof(SdpSamples.ChromeOffer))]
    [InlineData(nameof(SdpSamples.ChromeAudioVideoDataOffer))]
    [InlineData(nameof(SdpSamples.FirefoxOffer))]
    public async Task A_browser_offer_becomes_one_plain_audio_stream_and_the_answer_keeps_its_m_lines_mids_and_bundle(string sample)
    {
        var browserOffer = SdpSamples.Get(sample);
        Assert.True(SessionDescription.TryParse(browserOffer, out var offer, out _));
        await using var bridge = Create();
        await using var plain = new PlainEndpoint();

        var offered = bridge.Offer(new MediaOfferRequest("sample-" + sample, "f", Bytes(browserOffer), MediaLegProfile.Plain));
        Assert.Equal(MediaBridgeStatus.Rewritten, offered.Status);
        var plainOffer = Parse(offered.Sdp);
        Assert.Equal(offer.Media.Length, plainOffer.Media.Length);
        Assert.Single(plainOffer.Media, m => m.Port != 0);
        Assert.All(plainOffer.Media, m => Assert.Null(m.IceUfrag));

        var answered = bridge.Answer(new MediaAnswerRequest("sample-" + sample, "f", "t", Bytes(plain.Answer(0, "PCMU/8000"))));
        Assert.Equal(MediaBridgeStatus.Rewritten, answered.Status);
        var answer = Parse(answered.Sdp);
        Assert.Equal(offer.Media.Length, answer.Media.Length);
        var audio = answer.Media.Single(m => m.Port != 0);
        Assert.Equal("audio", audio.Media);
        Assert.Equal(offer.Media.First(m => m.Media == "audio").Mid, audio.Mid);
        Assert.Equal("PCMU", audio.PayloadFormats[0].EncodingName);
        if (offer.BundleGroup is not null)
        {
            Assert.Equal(audio.Mid, Assert.Single(answer.BundleGroup!.Tags));
        }

        Assert.True(bridge.TryGetCall("sample-" + sample, out var call));
        Assert.True(call.IsBridged);
        Assert.True(call.IsPassthrough);
    }
}
