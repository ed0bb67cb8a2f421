namespace Rethink.Ims.Tests.Media.Sdp;

/// <summary>
/// Real-looking session descriptions, written for these tests in the shape each kind of peer sends
/// (addresses from the documentation ranges, ids and keys invented). Every one is well-formed CRLF SDP.
/// </summary>
internal static class SdpSamples
{
    /// <summary>Chrome-style audio-only offer: BUNDLE, mDNS/TCP/srflx candidates, extmap, rtcp-fb, ssrc/msid.</summary>
    public static readonly string ChromeOffer = Crlf("""
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
        a=candidate:435653019 1 tcp 1518280447 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 9 typ host tcptype active generation 0 network-id 1
        a=candidate:842163049 1 udp 1686052607 192.0.2.10 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-id 1
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=ice-options:trickle
        a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
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
        a=ssrc:3735928559 msid:6a9b1f0e-3c1d-4f0e-9d5a-2f1b6c7d8e9f 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
        """);

    /// <summary>Chrome-style audio+video+data offer (max-bundle page with a camera and a data channel).</summary>
    public static readonly string ChromeAudioVideoDataOffer = Crlf("""
        v=0
        o=- 8177394925011422117 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1 2
        a=extmap-allow-mixed
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:K3wq
        a=ice-pwd:9yOHzUfXYEEBXEqQ2T1Pj7qv
        a=ice-options:trickle
        a=fingerprint:sha-256 5B:0C:6E:0F:4A:A4:0B:7A:9C:D5:23:48:FE:5D:11:90:7A:42:55:1F:40:9E:4D:3B:25:E8:9A:C7:16:57:0D:3F
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=sendrecv
        a=msid:- 2d6e5a8c-0f0e-4b6a-8a47-3f7d9d3c2b11
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:1001 cname:q9XyWq2iG2oD1n0m
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:K3wq
        a=ice-pwd:9yOHzUfXYEEBXEqQ2T1Pj7qv
        a=ice-options:trickle
        a=fingerprint:sha-256 5B:0C:6E:0F:4A:A4:0B:7A:9C:D5:23:48:FE:5D:11:90:7A:42:55:1F:40:9E:4D:3B:25:E8:9A:C7:16:57:0D:3F
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=sendrecv
        a=msid:- 7c1f2e3d-4a5b-6c7d-8e9f-0a1b2c3d4e5f
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=ssrc-group:FID 2002 2003
        a=ssrc:2002 cname:q9XyWq2iG2oD1n0m
        a=ssrc:2003 cname:q9XyWq2iG2oD1n0m
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=ice-ufrag:K3wq
        a=ice-pwd:9yOHzUfXYEEBXEqQ2T1Pj7qv
        a=ice-options:trickle
        a=fingerprint:sha-256 5B:0C:6E:0F:4A:A4:0B:7A:9C:D5:23:48:FE:5D:11:90:7A:42:55:1F:40:9E:4D:3B:25:E8:9A:C7:16:57:0D:3F
        a=setup:actpass
        a=mid:2
        a=sctp-port:5000
        a=max-message-size:262144
        """);

    /// <summary>Firefox-style audio offer: session-level fingerprint, braces in ids, extmap direction, end-of-candidates.</summary>
    public static readonly string FirefoxOffer = Crlf("""
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 7052848360639826063 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=sendrecv
        a=fingerprint:sha-256 3C:8E:0B:55:51:62:6E:4A:11:A8:39:72:2A:58:BD:C6:5B:9D:4F:8C:31:A0:2D:F4:3E:6A:71:0C:AB:9E:58:D2
        a=group:BUNDLE 0
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=candidate:0 1 UDP 2122252543 a3f4c2d1-1111-4a2b-9c3d-7e6f5a4b3c2d.local 50123 typ host
        a=candidate:1 1 TCP 2105524479 a3f4c2d1-1111-4a2b-9c3d-7e6f5a4b3c2d.local 9 typ host tcptype active
        a=sendrecv
        a=end-of-candidates
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:2a8b1c77e7a74b7d5f3e9c0d1a2b3c4d
        a=ice-ufrag:5e0f7a1b
        a=mid:0
        a=msid:{8d2b2bc1-3a51-4b5d-9f0e-3b9c1c0d2e7f} {c1f5a4e2-7b6d-4c3a-8e9f-0a1b2c3d4e5f}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=setup:actpass
        a=ssrc:2655508255 cname:{5f1c2d3e-4b5a-6978-8796-a5b4c3d2e1f0}
        """);

    /// <summary>A plain SIP phone's offer: RTP/AVP, PCMU/PCMA, telephone-event, ptime.</summary>
    public static readonly string SipPhoneOffer = Crlf("""
        v=0
        o=alice 2890844526 2890844526 IN IP4 198.51.100.7
        s=SIP Call
        c=IN IP4 198.51.100.7
        t=0 0
        m=audio 49170 RTP/AVP 0 8 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=maxptime:150
        a=sendrecv
        """);

    /// <summary>An IMS (VoLTE-style) offer: IPv6, AMR-WB/AMR in both packings, bandwidths, QoS preconditions.</summary>
    public static readonly string ImsAmrOffer = Crlf("""
        v=0
        o=- 1592915283 1592915283 IN IP6 2001:db8::1
        s=-
        c=IN IP6 2001:db8::1
        t=0 0
        m=audio 40000 RTP/AVP 116 107 118 96 111 110
        b=AS:41
        b=RS:512
        b=RR:1537
        a=rtpmap:116 AMR-WB/16000/1
        a=fmtp:116 mode-change-capability=2;max-red=0
        a=rtpmap:107 AMR-WB/16000/1
        a=fmtp:107 octet-align=1;mode-change-capability=2;max-red=0
        a=rtpmap:118 AMR/8000/1
        a=fmtp:118 mode-change-capability=2;max-red=0
        a=rtpmap:96 AMR/8000/1
        a=fmtp:96 octet-align=1;mode-change-capability=2;max-red=0
        a=rtpmap:111 telephone-event/16000
        a=fmtp:111 0-15
        a=rtpmap:110 telephone-event/8000
        a=fmtp:110 0-15
        a=ptime:20
        a=maxptime:240
        a=curr:qos local none
        a=curr:qos remote none
        a=des:qos mandatory local sendrecv
        a=des:qos optional remote sendrecv
        a=sendrecv
        """);

    /// <summary>The example of RFC 8866 §5.</summary>
    public static readonly string Rfc8866Example = Crlf("""
        v=0
        o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
        s=Call to John Smith
        i=SDP Offer #1
        u=http://www.jdoe.example.com/home.html
        e=Jane Doe <jane@jdoe.example.com>
        p=+1 617 555-6011
        c=IN IP4 198.51.100.1
        t=0 0
        m=audio 49170 RTP/AVP 0
        m=audio 49180 RTP/AVP 0
        m=video 51372 RTP/AVP 99
        c=IN IP6 2001:db8::2
        a=rtpmap:99 h263-1998/90000
        """);

    /// <summary>Every line type RFC 8866 has: multicast c=, b=, t= with r=, z=, k=, a port count, media i=/k=, SDES crypto.</summary>
    public static readonly string EveryLineType = Crlf("""
        v=0
        o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5
        s=SDP Seminar
        i=A Seminar on the session description protocol
        u=http://www.example.com/seminars/sdp.pdf
        e=j.doe@example.com (Jane Doe)
        e=support@example.com
        p=+1 617 555-6011
        c=IN IP4 224.2.17.12/127
        b=CT:128
        t=2873397496 2873404696
        r=604800 3600 0 90000
        r=7d 1h 0 25h
        t=3034423619 3042462419
        z=2882844526 -1h 2898848070 0
        k=prompt
        a=recvonly
        a=tool:a tool with spaces: and colons
        m=audio 49170/2 RTP/SAVP 0
        i=main audio
        c=IN IP4 224.2.17.12/127
        c=IN IP4 224.2.17.13/127
        b=AS:64
        k=clear:notarealkey
        a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32
        a=empty-value:
        m=video 51372 RTP/AVP 99
        a=rtpmap:99 h263-1998/90000
        """);

    public static IEnumerable<object[]> All() =>
    [
        [nameof(ChromeOffer), ChromeOffer],
        [nameof(ChromeAudioVideoDataOffer), ChromeAudioVideoDataOffer],
        [nameof(FirefoxOffer), FirefoxOffer],
        [nameof(SipPhoneOffer), SipPhoneOffer],
        [nameof(ImsAmrOffer), ImsAmrOffer],
        [nameof(Rfc8866Example), Rfc8866Example],
        [nameof(EveryLineType), EveryLineType],
    ];

    public static string Get(string name) => (string)All().Single(row => (string)row[0] == name)[1];

    /// <summary>Raw string literals here have LF line ends; SDP has CRLF after every line, the last included.</summary>
    public static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}
