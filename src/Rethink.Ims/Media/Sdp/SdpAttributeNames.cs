namespace Rethink.Ims.Media.Sdp;

/// <summary>Names of the attributes this namespace understands, with the RFC that defines each.</summary>
public static class SdpAttributeNames
{
    /// <summary><c>a=rtpmap</c> (RFC 8866 §6.6).</summary>
    public const string RtpMap = "rtpmap";

    /// <summary><c>a=fmtp</c> (RFC 8866 §6.15).</summary>
    public const string Fmtp = "fmtp";

    /// <summary><c>a=ptime</c> (RFC 8866 §6.4).</summary>
    public const string Ptime = "ptime";

    /// <summary><c>a=maxptime</c> (RFC 8866 §6.5).</summary>
    public const string MaxPtime = "maxptime";

    /// <summary><c>a=sendrecv</c> (RFC 8866 §6.7.1).</summary>
    public const string SendRecv = "sendrecv";

    /// <summary><c>a=sendonly</c> (RFC 8866 §6.7.3).</summary>
    public const string SendOnly = "sendonly";

    /// <summary><c>a=recvonly</c> (RFC 8866 §6.7.2).</summary>
    public const string RecvOnly = "recvonly";

    /// <summary><c>a=inactive</c> (RFC 8866 §6.7.4).</summary>
    public const string Inactive = "inactive";

    /// <summary><c>a=rtcp</c> (RFC 3605).</summary>
    public const string Rtcp = "rtcp";

    /// <summary><c>a=rtcp-mux</c> (RFC 5761).</summary>
    public const string RtcpMux = "rtcp-mux";

    /// <summary><c>a=rtcp-mux-only</c> (RFC 8858).</summary>
    public const string RtcpMuxOnly = "rtcp-mux-only";

    /// <summary><c>a=rtcp-rsize</c> (RFC 5506).</summary>
    public const string RtcpRsize = "rtcp-rsize";

    /// <summary><c>a=rtcp-fb</c> (RFC 4585).</summary>
    public const string RtcpFeedback = "rtcp-fb";

    /// <summary><c>a=ice-ufrag</c> (RFC 8839).</summary>
    public const string IceUfrag = "ice-ufrag";

    /// <summary><c>a=ice-pwd</c> (RFC 8839). A secret: never logged.</summary>
    public const string IcePwd = "ice-pwd";

    /// <summary><c>a=ice-options</c> (RFC 8839).</summary>
    public const string IceOptions = "ice-options";

    /// <summary><c>a=ice-lite</c> (RFC 8839), session level.</summary>
    public const string IceLite = "ice-lite";

    /// <summary><c>a=ice-mismatch</c> (RFC 8839).</summary>
    public const string IceMismatch = "ice-mismatch";

    /// <summary><c>a=ice-pacing</c> (RFC 8839).</summary>
    public const string IcePacing = "ice-pacing";

    /// <summary><c>a=candidate</c> (RFC 8839).</summary>
    public const string Candidate = "candidate";

    /// <summary><c>a=remote-candidates</c> (RFC 8839).</summary>
    public const string RemoteCandidates = "remote-candidates";

    /// <summary><c>a=end-of-candidates</c> (RFC 8840).</summary>
    public const string EndOfCandidates = "end-of-candidates";

    /// <summary><c>a=fingerprint</c> (RFC 8122).</summary>
    public const string Fingerprint = "fingerprint";

    /// <summary><c>a=setup</c> (RFC 4145, RFC 8842).</summary>
    public const string Setup = "setup";

    /// <summary><c>a=connection</c> (RFC 4145).</summary>
    public const string Connection = "connection";

    /// <summary><c>a=tls-id</c> (RFC 8842).</summary>
    public const string TlsId = "tls-id";

    /// <summary><c>a=mid</c> (RFC 5888).</summary>
    public const string Mid = "mid";

    /// <summary><c>a=group</c> (RFC 5888), for example <c>group:BUNDLE 0 1</c> (RFC 9143).</summary>
    public const string Group = "group";

    /// <summary><c>a=bundle-only</c> (RFC 9143).</summary>
    public const string BundleOnly = "bundle-only";

    /// <summary><c>a=msid</c> (RFC 8830).</summary>
    public const string Msid = "msid";

    /// <summary><c>a=msid-semantic</c> (pre-RFC WebRTC, still sent by browsers).</summary>
    public const string MsidSemantic = "msid-semantic";

    /// <summary><c>a=ssrc</c> (RFC 5576).</summary>
    public const string Ssrc = "ssrc";

    /// <summary><c>a=ssrc-group</c> (RFC 5576).</summary>
    public const string SsrcGroup = "ssrc-group";

    /// <summary><c>a=extmap</c> (RFC 8285).</summary>
    public const string Extmap = "extmap";

    /// <summary><c>a=extmap-allow-mixed</c> (RFC 8285).</summary>
    public const string ExtmapAllowMixed = "extmap-allow-mixed";

    /// <summary><c>a=rid</c> (RFC 8851).</summary>
    public const string Rid = "rid";

    /// <summary><c>a=simulcast</c> (RFC 8853).</summary>
    public const string Simulcast = "simulcast";

    /// <summary><c>a=sctp-port</c> (RFC 8841).</summary>
    public const string SctpPort = "sctp-port";

    /// <summary><c>a=max-message-size</c> (RFC 8841).</summary>
    public const string MaxMessageSize = "max-message-size";

    /// <summary><c>a=sctpmap</c> (obsolete data-channel draft, still seen).</summary>
    public const string Sctpmap = "sctpmap";

    /// <summary><c>a=identity</c> (RFC 8827).</summary>
    public const string Identity = "identity";

    /// <summary><c>a=crypto</c> (RFC 4568, SDES). Holds keys: never logged.</summary>
    public const string Crypto = "crypto";
}
