using System.Text;
using FsCheck.Xunit;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Sdp;

public class SdpParserProperties
{
    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 300)]
    public void Writing_a_parsed_well_formed_sdp_gives_the_same_text(WellFormedSdp sdp)
    {
        Assert.True(SdpParser.TryParse(sdp.Text, out var description, out var error), error.ToString());
        Assert.Equal(sdp.Text, description.ToSdp());
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 200)]
    public void Writing_a_parsed_well_formed_sdp_gives_the_same_utf8_bytes(WellFormedSdp sdp)
    {
        var bytes = Encoding.UTF8.GetBytes(sdp.Text);
        Assert.True(SdpParser.TryParse(bytes, out var description, out var error), error.ToString());
        Assert.Equal(bytes, description.ToUtf8());
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 200)]
    public void Lf_only_sdp_is_written_back_with_crlf(WellFormedSdp sdp)
    {
        Assert.True(SdpParser.TryParse(sdp.Text.Replace("\r\n", "\n", StringComparison.Ordinal), out var description, out var error), error.ToString());
        Assert.Equal(sdp.Text, description.ToSdp());
    }

    [Property(MaxTest = 500)]
    public void Parse_never_throws_on_arbitrary_text(string? text) => AssertConsistent(text ?? "");

    [Property(MaxTest = 500)]
    public void Parse_never_throws_on_arbitrary_text_after_a_version_line(string? tail) => AssertConsistent("v=0\r\n" + tail);

    [Property(MaxTest = 500)]
    public void Parse_never_throws_on_arbitrary_bytes(byte[]? bytes)
    {
        var ok = SdpParser.TryParse(bytes ?? [], out var description, out var error);
        Assert.Equal(ok, description is not null);
        Assert.Equal(ok, error.Kind == SdpParseErrorKind.None);
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 1000)]
    public void Mutated_sdp_is_refused_with_a_line_or_parsed_to_a_fixed_point(MutatedSdp sdp)
    {
        var description = AssertConsistent(sdp.Text);
        if (description is null)
        {
            return;
        }

        var written = description.ToSdp();
        Assert.True(SdpParser.TryParse(written, out var again, out var error), error.ToString());
        Assert.Equal(description, again);
        Assert.Equal(written, again.ToSdp());
        TouchEveryView(description);
    }

    [Fact]
    public void Rtcp_attribute_with_a_nul_in_a_field_is_unreadable_not_a_crash() =>
        // Found by the property below (shrunk case): the connection fields went unchecked into SdpConnection.
        Assert.False(RtcpAddress.TryParse("5 a \0 a", out _));

    [Property(MaxTest = 500)]
    public void Typed_attribute_parsers_never_throw(string? value)
    {
        _ = IceCandidate.TryParse(value, out _);
        _ = RtpMap.TryParse(value, out _);
        _ = Fmtp.TryParse(value, out var fmtp);
        _ = fmtp?.GetParameters();
        _ = RtcpFeedback.TryParse(value, out _);
        _ = RtcpAddress.TryParse(value, out _);
        _ = DtlsFingerprint.TryParse(value, out _);
        _ = SdpGroup.TryParse(value, out _);
        _ = MediaStreamId.TryParse(value, out _);
        _ = SsrcLine.TryParse(value, out _);
        _ = Extmap.TryParse(value, out _);
        _ = SdesCrypto.TryParse(value, out _);
        _ = DtlsSetupExtensions.TryParse(value, out _);
    }

    [Property(Arbitrary = [typeof(SdpArbitraries)], MaxTest = 200)]
    public void Typed_views_that_parse_format_back_to_a_value_that_parses_the_same(MutatedSdp sdp)
    {
        if (!SdpParser.TryParse(sdp.Text, out var description, out _))
        {
            return;
        }

        foreach (var media in description.Media)
        {
            foreach (var candidate in media.Candidates)
            {
                Assert.True(IceCandidate.TryParse(candidate.FormatValue(), out var again));
                Assert.Equal(candidate, again);
            }

            foreach (var map in media.RtpMaps)
            {
                Assert.True(RtpMap.TryParse(map.FormatValue(), out var again));
                Assert.Equal(map, again);
            }

            foreach (var fingerprint in media.Fingerprints)
            {
                Assert.True(DtlsFingerprint.TryParse(fingerprint.FormatValue(), out var again));
                Assert.Equal(fingerprint, again);
            }
        }
    }

    private static SessionDescription? AssertConsistent(string text)
    {
        var ok = SdpParser.TryParse(text, out var description, out var error);
        Assert.Equal(ok, description is not null);
        if (!ok)
        {
            Assert.NotEqual(SdpParseErrorKind.None, error.Kind);
            Assert.InRange(error.Line, 0, text.Count(c => c == '\n') + 1);
        }

        return description;
    }

    private static void TouchEveryView(SessionDescription description)
    {
        _ = (description.Direction, description.IceUfrag, description.IceLite, description.IceOptions, description.Fingerprints,
            description.Setup, description.Groups, description.BundleGroup, description.ToString());
        foreach (var media in description.Media)
        {
            _ = (media.Direction, media.Mid, media.RtcpMux, media.Rtcp, media.Ptime, media.MaxPtime, media.IceUfrag, media.IceOptions,
                media.EndOfCandidates, media.Candidates, media.Fingerprints, media.Setup, media.RtpMaps, media.Fmtps, media.RtcpFeedbacks,
                media.Extmaps, media.Ssrcs, media.Msid, media.Crypto, media.PayloadFormats, media.IsRtp, media.ToString(),
                description.EffectiveDirection(media), description.EffectiveConnection(media));
            _ = IceParameters.TryGet(description, media, out _);
            _ = DtlsParameters.TryGet(description, media, out _);
        }
    }
}
