using System.Text;
using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Tests.Media.Sdp;

namespace Rethink.Ims.Benchmarks.Media.Sdp;

/// <summary>
/// Cost of the SDP work the bridge does once per call: parse a Chrome offer, write it, and the two
/// rewrites of a browser-originated call. SDP is per call, not per packet, so this is about staying in
/// microseconds, not about zero allocation.
/// </summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    // The same Chrome offer the SDP tests use (tests/Rethink.Ims.Tests/Media/Sdp/SdpSamples.cs, linked here).
    private static readonly string ChromeOffer = SdpSamples.ChromeOffer;

    private static readonly byte[] ChromeOfferUtf8 = Encoding.UTF8.GetBytes(ChromeOffer);

    private static readonly PlainRtpOptions Plain = new()
    {
        Origin = new SdpOrigin("-", "7", "1", "IN", "IP4", "203.0.113.20"),
        Address = "203.0.113.20",
        Port = 20000,
    };

    private static readonly WebRtcOptions WebRtc = new()
    {
        Origin = new SdpOrigin("-", "99", "1", "IN", "IP4", "192.0.2.1"),
        Ice = IceCredentials.Generate(),
        Fingerprint = DtlsFingerprint.Compute("sha-256", new byte[300]),
        Address = "192.0.2.1",
        Port = 40000,
    };

    private SessionDescription offer = null!;
    private SessionDescription imsAnswer = null!;

    [GlobalSetup]
    public void Setup()
    {
        SdpParser.TryParse(ChromeOffer, out var parsed, out _);
        offer = parsed!;
        imsAnswer = OfferAnswer.CreateAnswer(SdpRewriter.ToPlainOffer(offer, Plain), new AnswerOptions
        {
            Origin = new SdpOrigin("ims", "5", "5", "IN", "IP4", "198.51.100.9"),
            Address = "198.51.100.9",
            Port = 6000,
        });
    }

    [Benchmark]
    public SessionDescription? ParseChromeOfferUtf8() => SdpParser.TryParse(ChromeOfferUtf8, out var d, out _) ? d : null;

    [Benchmark]
    public string WriteChromeOffer() => offer.ToSdp();

    [Benchmark]
    public string BrowserCallRewrites() =>
        SdpRewriter.ToPlainOffer(offer, Plain).ToSdp() + SdpRewriter.ToWebRtcAnswer(offer, imsAnswer, WebRtc).ToSdp();
}
