using System.Text;
using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Benchmarks.Media.Sdp;

/// <summary>
/// Cost of the SDP work the bridge does once per call: parse a Chrome offer, write it, and the two
/// rewrites of a browser-originated call. SDP is per call, not per packet, so this is about staying in
/// microseconds, not about zero allocation.
/// </summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    private static readonly string ChromeOffer = string.Concat("""
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        a=extmap-allow-mixed
        a=msid-semantic: WMS 6a9b1f0e-3c1d-4f0e-9d5a-2f1b6c7d8e9f
        m=audio 54321 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 192.0.2.10
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:1467250027 1 udp 2122260223 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 54321 typ host generation 0 network-id 1
        a=candidate:842163049 1 udp 1686052607 192.0.2.10 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-id 1
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=ice-options:trickle
        a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=sendrecv
        a=msid:6a9b1f0e-3c1d-4f0e-9d5a-2f1b6c7d8e9f 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6
        """.ReplaceLineEndings("\r\n"), "\r\n");

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
