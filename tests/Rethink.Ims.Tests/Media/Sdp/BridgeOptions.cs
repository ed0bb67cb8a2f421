using System.Collections.Immutable;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Sdp;

/// <summary>Fixed options for the bridge's two legs, so rewritten descriptions can be compared as text.</summary>
internal static class BridgeOptions
{
    public static readonly IceCredentials Ice = new("BrIdGe01", "0123456789abcdefghijklmnopqrstuv");

    public static readonly DtlsFingerprint Fingerprint =
        new("sha-256", [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);

    public static readonly WebRtcOptions WebRtc = new()
    {
        Origin = new SdpOrigin("-", "99", "1", "IN", "IP4", "192.0.2.1"),
        Ice = Ice,
        Fingerprint = Fingerprint,
        Address = "192.0.2.1",
        Port = 40000,
    };

    public static readonly PlainRtpOptions Plain = new()
    {
        Origin = new SdpOrigin("-", "7", "1", "IN", "IP4", "203.0.113.20"),
        Address = "203.0.113.20",
        Port = 20000,
    };

    /// <summary>An IMS core that answers with PCMA only, at 198.51.100.9:6000.</summary>
    public static readonly AnswerOptions ImsCore = new()
    {
        Origin = new SdpOrigin("ims", "5", "5", "IN", "IP4", "198.51.100.9"),
        Address = "198.51.100.9",
        Port = 6000,
        Codecs = [SdpCodec.Pcma, SdpCodec.TelephoneEvent8000],
    };

    public static string FingerprintText => Fingerprint.FormatValue();

    public static ImmutableArray<SdpAttributeLine> AllAttributes(SessionDescription description) =>
        [.. description.Attributes, .. description.Media.SelectMany(m => m.Attributes)];
}
