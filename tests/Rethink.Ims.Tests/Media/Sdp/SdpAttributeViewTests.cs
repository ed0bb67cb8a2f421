using System.Security.Cryptography;
using Rethink.Ims.Media.Sdp;
using static Rethink.Ims.Tests.Media.Sdp.SdpParserTests;

namespace Rethink.Ims.Tests.Media.Sdp;

public class SdpAttributeViewTests
{
    [Fact]
    public void Chrome_offer_exposes_ice_dtls_bundle_and_rtp_attributes()
    {
        var offer = Parse(SdpSamples.ChromeOffer);
        var audio = offer.Media[0];

        Assert.Equal(new SdpGroup("BUNDLE", ["0"]), offer.BundleGroup);
        Assert.Equal("0", audio.Mid);
        Assert.Equal("EsAw", audio.IceUfrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", audio.IcePwd);
        Assert.Equal(new[] { "trickle" }, audio.IceOptions);
        Assert.Equal(DtlsSetup.ActPass, audio.Setup);
        Assert.True(audio.RtcpMux);
        Assert.Equal(new RtcpAddress(9, new SdpConnection("IN", "IP4", "0.0.0.0")), audio.Rtcp);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.True(audio.IsRtp);

        var fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Equal(32, fingerprint.Value.Length);
        Assert.Equal(0xD2, fingerprint.Value[0]);
        Assert.Equal(0x0F, fingerprint.Value[^1]);

        Assert.Equal(4, audio.Extmaps.Length);
        Assert.Equal(new Extmap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), audio.Extmaps[0]);
        Assert.Equal(new RtcpFeedback("111", "transport-cc"), Assert.Single(audio.RtcpFeedbacks));
        Assert.Equal(new MediaStreamId("6a9b1f0e-3c1d-4f0e-9d5a-2f1b6c7d8e9f", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"), audio.Msid);
        Assert.Equal(
            new[] { new SsrcLine(3735928559, "cname", "4TOk42mSjXCkVIa6"), new SsrcLine(3735928559, "msid", "6a9b1f0e-3c1d-4f0e-9d5a-2f1b6c7d8e9f 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0") },
            audio.Ssrcs);

        Assert.True(IceParameters.TryGet(offer, audio, out var ice));
        Assert.Equal(("EsAw", false, 3, false), (ice.Ufrag, ice.Lite, ice.Candidates.Length, ice.EndOfCandidates));
        Assert.True(DtlsParameters.TryGet(offer, audio, out var dtls));
        Assert.Equal(DtlsSetup.ActPass, dtls.Setup);
    }

    [Fact]
    public void Chrome_candidates_parse_with_mdns_tcp_and_reflexive_details()
    {
        var candidates = Parse(SdpSamples.ChromeOffer).Media[0].Candidates;
        Assert.Equal(3, candidates.Length);

        var host = candidates[0];
        Assert.Equal(("1467250027", 1, "udp", 2122260223u, 54321, "host"), (host.Foundation, host.Component, host.Transport, host.Priority, host.Port, host.Type));
        Assert.Equal("1f4712db-ea17-4bcf-a596-105139dfd8bf.local", host.Address);
        Assert.True(host.IsMdns);
        Assert.True(host.IsUdp);
        Assert.Equal("0", host.GetExtension("generation"));
        Assert.Equal("1", host.GetExtension("network-id"));

        var tcp = candidates[1];
        Assert.False(tcp.IsUdp);
        Assert.Equal("active", tcp.TcpType);
        Assert.Equal(9, tcp.Port);

        var srflx = candidates[2];
        Assert.Equal("srflx", srflx.Type);
        Assert.False(srflx.IsMdns);
        Assert.Equal(("0.0.0.0", 0), (srflx.RelatedAddress, srflx.RelatedPort));
        Assert.Equal(2, srflx.Extensions.Length);
    }

    [Theory]
    [InlineData("1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0")]
    [InlineData("0 1 UDP 2122252543 a3f4c2d1-1111-4a2b-9c3d-7e6f5a4b3c2d.local 50123 typ host")]
    [InlineData("842163049 1 udp 1686052607 203.0.113.4 54321 typ srflx raddr 10.0.0.2 rport 54321 generation 0 ufrag EsAw network-cost 10")]
    [InlineData("3 2 UDP 16777214 2001:db8::5 60000 typ relay raddr 2001:db8::9 rport 3478")]
    [InlineData("a+/Z 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active")]
    public void Candidate_formats_back_to_the_same_text(string value)
    {
        Assert.True(IceCandidate.TryParse(value, out var candidate));
        Assert.Equal(value, candidate.FormatValue());
        Assert.True(IceCandidate.TryParse("candidate:" + value, out var fromJs));
        Assert.Equal(candidate, fromJs);
        Assert.True(IceCandidate.TryParse("a=candidate:" + value, out var fromLine));
        Assert.Equal(candidate, fromLine);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 1 udp 2122260223 192.0.2.1 5000")]
    [InlineData("1 1 udp 2122260223 192.0.2.1 5000 type host")]
    [InlineData("1 1 udp 99999999999 192.0.2.1 5000 typ host")]
    [InlineData("1 1 udp 1 192.0.2.1 65536 typ host")]
    [InlineData("1 1234 udp 1 192.0.2.1 5000 typ host")]
    [InlineData("123456789012345678901234567890123 1 udp 1 192.0.2.1 5000 typ host")]
    [InlineData("f-o 1 udp 1 192.0.2.1 5000 typ host")]
    [InlineData("1 1 udp 1 192.0.2.1 5000 typ host generation")]
    [InlineData("1 1 udp 1 192.0.2.1 5000 typ host raddr 1.2.3.4 rport x")]
    public void Malformed_candidates_are_refused(string value) => Assert.False(IceCandidate.TryParse(value, out _));

    [Fact]
    public void Host_candidate_has_the_rfc_8445_host_priority()
    {
        var host = IceCandidate.Host("1", 1, "192.0.2.7", 40000);
        Assert.Equal((126u << 24) | (65535u << 8) | 255u, host.Priority);
        Assert.Equal("1 1 udp 2130706431 192.0.2.7 40000 typ host", host.FormatValue());
    }

    [Fact]
    public void Firefox_offer_has_session_level_fingerprint_extmap_direction_and_end_of_candidates()
    {
        var offer = Parse(SdpSamples.FirefoxOffer);
        var audio = offer.Media[0];
        Assert.Empty(audio.Fingerprints);
        Assert.Single(offer.Fingerprints);
        Assert.True(DtlsParameters.TryGet(offer, audio, out var dtls));
        Assert.Equal<DtlsFingerprint>(offer.Fingerprints, dtls.Fingerprints);
        Assert.Equal(new Extmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", MediaDirection.RecvOnly), audio.Extmaps[1]);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal(MediaDirection.SendRecv, offer.Direction);
        Assert.Equal(new MediaStreamId("{8d2b2bc1-3a51-4b5d-9f0e-3b9c1c0d2e7f}", "{c1f5a4e2-7b6d-4c3a-8e9f-0a1b2c3d4e5f}"), audio.Msid);
        Assert.Equal(new[] { "trickle" }, offer.IceOptions);
        Assert.True(IceParameters.TryGet(offer, audio, out var ice));
        Assert.Equal(new[] { "trickle" }, ice.Options);
        Assert.True(audio.Candidates.All(c => c.IsMdns));

        var opus = audio.Fmtps.Single(f => f.Format == "109");
        Assert.Equal(109, opus.PayloadType);
        Assert.True(opus.TryGetParameter("USEINBANDFEC", out var fec));
        Assert.Equal("1", fec);
        Assert.Equal(3, opus.GetParameters().Length);
    }

    [Fact]
    public void Payload_formats_resolve_rtpmap_static_types_and_fmtp()
    {
        var chrome = Parse(SdpSamples.ChromeOffer).Media[0].PayloadFormats;
        Assert.Equal(new[] { 111, 63, 9, 0, 8, 13, 110, 126 }, chrome.Select(f => f.PayloadType));
        Assert.Equal(new PayloadFormat(111, "opus", 48000, 2, "minptime=10;useinbandfec=1"), chrome[0]);
        Assert.True(chrome[6].IsTelephoneEvent);

        var rfc = Parse(SdpSamples.Rfc8866Example);
        Assert.Equal(new PayloadFormat(0, "PCMU", 8000), Assert.Single(rfc.Media[0].PayloadFormats));
        Assert.Equal(new PayloadFormat(99, "h263-1998", 90000), Assert.Single(rfc.Media[2].PayloadFormats));
    }

    [Fact]
    public void Dynamic_payload_type_without_rtpmap_is_left_out()
    {
        var media = new MediaDescription("audio", 5004, "RTP/AVP") { Formats = ["96", "0", "x"] };
        Assert.Equal(new[] { 0 }, media.PayloadFormats.Select(f => f.PayloadType));
    }

    [Fact]
    public void Ims_offer_exposes_amr_packing_bandwidths_and_ipv6()
    {
        var offer = Parse(SdpSamples.ImsAmrOffer);
        var audio = offer.Media[0];
        Assert.Equal("IP6", offer.Connection!.AddressType);
        Assert.Equal(new[] { "AS", "RS", "RR" }, audio.Bandwidths.Select(b => b.Type));
        Assert.Equal(20, audio.Ptime);
        Assert.Equal(240, audio.MaxPtime);
        var amr = audio.PayloadFormats.Where(f => f.EncodingName == "AMR").ToArray();
        Assert.Equal(2, amr.Length);
        Assert.True(SdpCodec.Amr.Matches(amr[0]));
        Assert.False(SdpCodec.Amr.Matches(amr[1]));
        Assert.True((SdpCodec.Amr with { Parameters = "octet-align=1" }).Matches(amr[1]));
    }

    [Theory]
    [InlineData("111 opus/48000/2")]
    [InlineData("0 PCMU/8000")]
    [InlineData("101 telephone-event/8000")]
    public void Rtpmap_formats_back_to_the_same_text(string value)
    {
        Assert.True(RtpMap.TryParse(value, out var map));
        Assert.Equal(value, map.FormatValue());
    }

    [Theory]
    [InlineData("128 opus/48000")]
    [InlineData("111 opus")]
    [InlineData("111 opus/x")]
    [InlineData("111 /48000")]
    [InlineData("111 opus/48000/two")]
    [InlineData("111 opus/48000 extra")]
    public void Malformed_rtpmaps_are_refused(string value) => Assert.False(RtpMap.TryParse(value, out _));

    [Theory]
    [InlineData("sha-256 AB")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33")]
    public void Fingerprint_formats_back_to_the_same_text(string value)
    {
        Assert.True(DtlsFingerprint.TryParse(value, out var fingerprint));
        Assert.Equal(value, fingerprint.FormatValue());
    }

    [Theory]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("sha-256 A")]
    [InlineData("sha-256 ABC")]
    [InlineData("sha-256 AB-CD")]
    [InlineData("sha-256 AB:CD:")]
    [InlineData("sha-256 GG")]
    [InlineData("sha-256 AB CD")]
    public void Malformed_fingerprints_are_refused(string value) => Assert.False(DtlsFingerprint.TryParse(value, out _));

    [Fact]
    public void Fingerprint_compares_hex_case_insensitively_and_matches_its_certificate()
    {
        Assert.True(DtlsFingerprint.TryParse("SHA-256 ab:cd", out var lower));
        Assert.True(DtlsFingerprint.TryParse("sha-256 AB:CD", out var upper));
        Assert.Equal(lower, upper);

        var der = RandomNumberGenerator.GetBytes(300);
        var computed = DtlsFingerprint.Compute("sha-256", der);
        Assert.Equal(SHA256.HashData(der), computed.Value.ToArray());
        Assert.True(computed.Matches(der));
        der[0] ^= 1;
        Assert.False(computed.Matches(der));
        Assert.False(new DtlsFingerprint("md5", computed.Value).Matches(der));
    }

    [Theory]
    [InlineData("actpass", DtlsSetup.ActPass)]
    [InlineData("active", DtlsSetup.Active)]
    [InlineData("passive", DtlsSetup.Passive)]
    [InlineData("holdconn", DtlsSetup.HoldConn)]
    [InlineData("PASSIVE", DtlsSetup.Passive)]
    public void Setup_values_parse(string value, DtlsSetup expected)
    {
        Assert.True(DtlsSetupExtensions.TryParse(value, out var setup));
        Assert.Equal(expected, setup);
        Assert.Equal(value.ToLowerInvariant(), setup.ToAttributeValue());
    }

    [Theory]
    [InlineData(DtlsSetup.ActPass, DtlsSetup.Passive, DtlsSetup.Passive)]
    [InlineData(DtlsSetup.ActPass, DtlsSetup.Active, DtlsSetup.Active)]
    [InlineData(DtlsSetup.Active, DtlsSetup.Active, DtlsSetup.Passive)]
    [InlineData(DtlsSetup.Passive, DtlsSetup.Passive, DtlsSetup.Active)]
    [InlineData(null, DtlsSetup.Passive, DtlsSetup.Passive)]
    [InlineData(DtlsSetup.ActPass, DtlsSetup.ActPass, DtlsSetup.Passive)]
    public void Answer_setup_follows_rfc_5763(DtlsSetup? offered, DtlsSetup preferred, DtlsSetup expected) =>
        Assert.Equal(expected, offered.AnswerTo(preferred));

    [Theory]
    [InlineData(MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [InlineData(MediaDirection.SendOnly, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.RecvOnly, MediaDirection.SendOnly)]
    [InlineData(MediaDirection.Inactive, MediaDirection.Inactive)]
    public void Direction_reverse_swaps_send_and_receive(MediaDirection direction, MediaDirection reversed)
    {
        Assert.Equal(reversed, direction.Reverse());
        Assert.Equal(direction, direction.Reverse().Reverse());
        Assert.Equal(direction.CanSend(), reversed.CanReceive());
    }

    [Fact]
    public void Direction_intersection_keeps_only_what_both_allow()
    {
        Assert.Equal(MediaDirection.RecvOnly, MediaDirection.SendRecv.Intersect(MediaDirection.RecvOnly));
        Assert.Equal(MediaDirection.Inactive, MediaDirection.SendOnly.Intersect(MediaDirection.RecvOnly));
        Assert.Equal(MediaDirection.SendOnly, MediaDirection.SendOnly.Intersect(MediaDirection.SendRecv));
    }

    [Theory]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32")]
    [InlineData("2 AEAD_AES_128_GCM inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTCP KDR=1")]
    public void Sdes_crypto_parses_and_formats_back(string value)
    {
        Assert.True(SdesCrypto.TryParse(value, out var crypto));
        Assert.Equal(value, crypto.FormatValue());
        Assert.DoesNotContain("PS1uQ", crypto.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("96 nack pli", "96", "nack", "pli")]
    [InlineData("* trr-int 100", "*", "trr-int", "100")]
    [InlineData("111 transport-cc", "111", "transport-cc", null)]
    public void Rtcp_feedback_parses_format_type_and_parameter(string value, string format, string type, string? parameter)
    {
        Assert.True(RtcpFeedback.TryParse(value, out var feedback));
        Assert.Equal(new RtcpFeedback(format, type, parameter), feedback);
        Assert.Equal(value, feedback.FormatValue());
    }

    [Fact]
    public void Group_msid_ssrc_extmap_and_rtcp_format_back_to_the_same_text()
    {
        foreach (var (parse, value) in new (Func<string, string?>, string)[]
        {
            (v => SdpGroup.TryParse(v, out var g) ? g.FormatValue() : null, "BUNDLE 0 1 2"),
            (v => SdpGroup.TryParse(v, out var g) ? g.FormatValue() : null, "LS"),
            (v => MediaStreamId.TryParse(v, out var m) ? m.FormatValue() : null, "- 2d6e5a8c"),
            (v => MediaStreamId.TryParse(v, out var m) ? m.FormatValue() : null, "stream"),
            (v => SsrcLine.TryParse(v, out var s) ? s.FormatValue() : null, "1 cname:a b"),
            (v => SsrcLine.TryParse(v, out var s) ? s.FormatValue() : null, "4294967295 label"),
            (v => Extmap.TryParse(v, out var e) ? e.FormatValue() : null, "2/sendonly urn:x attr1 attr2"),
            (v => RtcpAddress.TryParse(v, out var r) ? r.FormatValue() : null, "9 IN IP4 0.0.0.0"),
            (v => RtcpAddress.TryParse(v, out var r) ? r.FormatValue() : null, "53020"),
        })
        {
            Assert.Equal(value, parse(value));
        }

        Assert.False(SsrcLine.TryParse("4294967296 cname:x", out _));
        Assert.False(Extmap.TryParse("2/sideways urn:x", out _));
        Assert.False(RtcpAddress.TryParse("9 IN IP4", out _));
        Assert.False(MediaStreamId.TryParse("a b c", out _));
    }

    [Fact]
    public void Malformed_attribute_values_stay_in_the_list_but_are_left_out_of_typed_views()
    {
        var media = new MediaDescription("audio", 5004, "RTP/AVP")
        {
            Formats = ["0"],
            Attributes = [new("rtpmap", "garbage"), new("candidate", "nope"), new("fingerprint", "sha-256 ZZ"), new("ptime", "twenty")],
        };
        Assert.Empty(media.RtpMaps);
        Assert.Empty(media.Candidates);
        Assert.Empty(media.Fingerprints);
        Assert.Null(media.Ptime);
        Assert.Equal(4, media.Attributes.Length);
    }

    [Fact]
    public void ToString_redacts_ice_passwords_crypto_keys_and_k_lines()
    {
        var chrome = Parse(SdpSamples.ChromeOffer);
        var everything = Parse(SdpSamples.EveryLineType);
        foreach (var text in new[] { chrome.ToString(), chrome.Media[0].ToString(), everything.ToString(), everything.Media[0].ToString() })
        {
            Assert.DoesNotContain("bP+XJMM09aR8AiX1jdukzR6Y", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", text, StringComparison.Ordinal);
            Assert.DoesNotContain("notarealkey", text, StringComparison.Ordinal);
        }

        Assert.Contains("a=ice-pwd:[redacted]", chrome.ToString(), StringComparison.Ordinal);
        Assert.Contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 [redacted]", everything.ToString(), StringComparison.Ordinal);
        Assert.Contains("bP+XJMM09aR8AiX1jdukzR6Y", chrome.ToSdp(), StringComparison.Ordinal);
        Assert.DoesNotContain("bP+XJMM09aR8AiX1jdukzR6Y", new SdpAttributeLine("ice-pwd", "bP+XJMM09aR8AiX1jdukzR6Y").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Model_refuses_values_that_would_inject_lines()
    {
        Assert.Throws<ArgumentException>(() => new SdpAttributeLine("x", "a\r\nm=audio 1 RTP/AVP 0"));
        Assert.Throws<ArgumentException>(() => new SdpAttributeLine("bad name"));
        Assert.Throws<ArgumentException>(() => new SdpAttributeLine("a:b"));
        Assert.Throws<ArgumentException>(() => SdpOrigin.Create("192.0.2.1 extra"));
        Assert.Throws<ArgumentException>(() => SdpConnection.ForAddress("192.0.2.1\n"));
        Assert.Throws<ArgumentException>(() => new SessionDescription(SdpOrigin.Create("192.0.2.1")) { SessionName = "x\ry" });
        Assert.Throws<ArgumentException>(() => new MediaDescription("audio", 1, "RTP/AVP") { Formats = ["0 8"] });
        Assert.Throws<ArgumentException>(() => new MediaDescription("audio", 1, "RTP AVP"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaDescription("audio", 65536, "RTP/AVP"));
        Assert.Throws<ArgumentException>(() => new SessionDescription(SdpOrigin.Create("192.0.2.1")) { Emails = ["a\nb"] });
    }

    [Fact]
    public void Origin_version_increments_as_decimal_text_of_any_length()
    {
        var origin = SdpOrigin.Create("192.0.2.1");
        Assert.Equal("1", origin.SessionVersion);
        Assert.Equal("2", origin.WithNextVersion().SessionVersion);
        Assert.Equal("100", (origin with { SessionVersion = "99" }).WithNextVersion().SessionVersion);
        Assert.Equal("18446744073709551616", (origin with { SessionVersion = "18446744073709551615" }).WithNextVersion().SessionVersion);
        Assert.Equal(origin.SessionId, origin.WithNextVersion().SessionId);
        Assert.NotEqual(origin.SessionId, SdpOrigin.Create("192.0.2.1").SessionId);
        Assert.Equal("IP6", SdpOrigin.Create("2001:db8::1").AddressType);
    }

    [Fact]
    public void Generated_ice_credentials_are_random_long_enough_and_never_printed()
    {
        var a = IceCredentials.Generate();
        var b = IceCredentials.Generate();
        Assert.NotEqual(a.Password, b.Password);
        Assert.True(a.Ufrag.Length >= 4 && a.Password.Length >= 22);
        Assert.DoesNotContain(a.Password, a.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new IceCredentials("abc", a.Password));
        Assert.Throws<ArgumentException>(() => new IceCredentials("abcd", "short"));
        Assert.Throws<ArgumentException>(() => new IceCredentials("ab d", a.Password));
    }

    [Fact]
    public void Ice_parameters_fall_back_to_session_level_and_never_print_the_password()
    {
        var offer = Parse(SdpSamples.ChromeOffer);
        var audio = offer.Media[0];
        var sessionLevel = offer.WithAttributes(new SdpAttributeLine("ice-ufrag", "SeSs"), new SdpAttributeLine("ice-pwd", "sessionlevelpassword0000"), new SdpAttributeLine("ice-lite"));
        var bare = audio.WithoutAttributes("ice-ufrag", "ice-pwd");
        Assert.True(IceParameters.TryGet(sessionLevel, bare, out var ice));
        Assert.Equal(("SeSs", "sessionlevelpassword0000", true), (ice.Ufrag, ice.Password, ice.Lite));
        Assert.DoesNotContain("sessionlevelpassword0000", ice.ToString(), StringComparison.Ordinal);
        Assert.False(IceParameters.TryGet(offer, bare, out _));
    }

    [Fact]
    public void With_payload_formats_replaces_codec_attributes_in_place_and_drops_feedback_for_removed_types()
    {
        var audio = Parse(SdpSamples.ChromeOffer).Media[0];
        var pcmu = new PayloadFormat(0, "PCMU", 8000);
        var events = new PayloadFormat(126, "telephone-event", 8000, null, "0-16");
        var edited = audio.WithPayloadFormats([pcmu, events]);

        Assert.Equal(new[] { "0", "126" }, edited.Formats);
        Assert.Equal(new[] { pcmu.ToRtpMap(), events.ToRtpMap() }, edited.RtpMaps);
        Assert.Equal(new[] { new Fmtp("126", "0-16") }, edited.Fmtps);
        Assert.Empty(edited.RtcpFeedbacks);
        var names = edited.Attributes.Select(a => a.Name).ToList();
        Assert.Equal(names.IndexOf("rtcp-rsize") + 1, names.IndexOf("rtpmap"));
        Assert.Equal(2, edited.Ssrcs.Length);
    }
}
