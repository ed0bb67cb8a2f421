using System.Net;
using System.Text;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class NgRequestTests
{
    private static NgRequest Parse(string dictionary)
    {
        Assert.True(BencodeReader.TryRead(Encoding.UTF8.GetBytes(dictionary), out var value, out var bencodeError), bencodeError.ToString());
        Assert.True(NgRequest.TryParse(value!, out var request, out var error), error.ToString());
        return request;
    }

    private static NgRequestError Refuse(string dictionary)
    {
        Assert.True(BencodeReader.TryRead(Encoding.UTF8.GetBytes(dictionary), out var value, out _));
        Assert.False(NgRequest.TryParse(value!, out var request, out var error));
        Assert.Null(request);
        return error;
    }

    [Fact]
    public void Parses_every_key_of_a_kamailio_offer()
    {
        var offer = Parse(NgSamples.Offer());
        Assert.Equal(NgCommandKind.Offer, offer.Kind);
        Assert.Equal("offer", offer.Command);
        Assert.Equal("callid-abc@127.0.0.1", offer.CallId);
        Assert.Equal("fromtag1", offer.FromTag);
        Assert.Null(offer.ToTag);
        Assert.Equal("z9hG4bK-test-1", offer.ViaBranch);
        Assert.Equal(NgSamples.Sdp, offer.GetSdpText());
        Assert.Equal(NgIceMode.Force, offer.Ice);
        Assert.Equal(NgDtlsMode.Passive, offer.Dtls);
        Assert.Equal("IP4", offer.AddressFamily);
        Assert.True(offer.RecordCall);
        Assert.Equal(["pub", "priv"], offer.Direction);
        Assert.Equal(["trust-address", "symmetric"], offer.Flags);
        Assert.True(offer.HasFlag("trust address"));
        Assert.False(offer.HasFlag("asymmetric"));
        Assert.Equal(["origin", "session-connection"], offer.Replace);
        Assert.Equal(["opus"], offer.Codec.Strip);
        Assert.Equal(["PCMU"], offer.Codec.Transcode);
        Assert.Empty(offer.Codec.Mask);
        Assert.Equal("RTP/AVP", offer.TransportProtocol);
        Assert.Equal(NgRtcpMuxOptions.Demux, offer.RtcpMux);
        Assert.Equal(["off"], offer.Sdes);
        Assert.Equal(new NgReceivedFrom("IP4", "127.0.0.1"), offer.ReceivedFrom);
        Assert.True(offer.ReceivedFrom!.TryGetAddress(out var address));
        Assert.Equal(IPAddress.Loopback, address);
        Assert.True(offer.SupportsLoadLimit);
        Assert.Null(offer.DeleteDelay);
    }

    [Fact]
    public void The_sdp_is_a_slice_of_the_message_byte_for_byte()
    {
        var sdp = NgSamples.Sdp + "a=tool:\u00e9\u00e8\r\n";
        var offer = Parse(NgSamples.Offer(sdp));
        Assert.Equal(Encoding.UTF8.GetBytes(sdp), offer.Sdp!.Value.ToArray());
    }

    [Fact]
    public void Parses_kamailio_delete_and_query()
    {
        var delete = Parse(NgSamples.Delete);
        Assert.Equal(NgCommandKind.Delete, delete.Kind);
        Assert.Equal(0, delete.DeleteDelay);
        Assert.Null(delete.ToTag);
        Assert.Null(delete.Sdp);

        var query = Parse(NgSamples.Query);
        Assert.Equal(NgCommandKind.Query, query.Kind);
        Assert.Equal("totag9", query.ToTag);
    }

    [Fact]
    public void Rtpengine_info_arrives_as_an_offer_flagged_fragment()
    {
        var info = Parse(NgSamples.InfoFragment);
        Assert.Equal(NgCommandKind.Offer, info.Kind);
        Assert.True(info.HasFlag("fragment"));
        Assert.Equal("totag9", info.ToTag);
        Assert.StartsWith("a=ice-ufrag:EsAw\r\n", info.GetSdpText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parses_rtpengine_documented_spellings_with_spaces()
    {
        var offer = Parse(
            "d7:command5:offer7:call-id1:c8:from-tag1:f3:sdp3:v=0" +
            "18:transport protocol17:UDP/TLS/RTP/SAVPF14:address family3:IP613:media address10:2001:db8::" +
            "13:received froml3:IP47:1.2.3.4e11:record call2:no12:delete delay1:73:TOSi184e5:label6:caller" +
            "3:ICE11:force relay4:DTLS2:no8:rtcp-muxl5:offer7:require6:accept6:reject5:bogusee");
        Assert.Equal("UDP/TLS/RTP/SAVPF", offer.TransportProtocol);
        Assert.Equal("IP6", offer.AddressFamily);
        Assert.Equal("2001:db8::", offer.MediaAddress);
        Assert.Equal(new NgReceivedFrom("IP4", "1.2.3.4"), offer.ReceivedFrom);
        Assert.False(offer.RecordCall);
        Assert.Equal(7, offer.DeleteDelay);
        Assert.Equal(184, offer.Tos);
        Assert.Equal("caller", offer.Label);
        Assert.Equal(NgIceMode.ForceRelay, offer.Ice);
        Assert.Equal(NgDtlsMode.Off, offer.Dtls);
        Assert.Equal(NgRtcpMuxOptions.Offer | NgRtcpMuxOptions.Require | NgRtcpMuxOptions.Accept | NgRtcpMuxOptions.Reject, offer.RtcpMux);
        Assert.False(offer.SupportsLoadLimit);
    }

    [Fact]
    public void Codec_and_sdes_flags_are_merged_into_their_options()
    {
        var offer = Parse(
            "d7:command5:offer7:call-id1:c8:from-tag1:f3:sdp3:v=0" +
            "5:flagsl15:codec-mask-opus28:codec-except-telephone-event15:SDES-pad-crypto11:record-calle" +
            "5:codecd5:stripl3:alle3:set18:opus/48000/2/32000ee");
        Assert.Equal(["all"], offer.Codec.Strip);
        Assert.Equal(["opus/48000/2/32000"], offer.Codec.Set);
        Assert.Equal(["opus"], offer.Codec.Mask);
        Assert.Equal(["telephone-event"], offer.Codec.Except);
        Assert.Equal(["pad-crypto"], offer.Sdes);
        Assert.True(offer.RecordCall);
        Assert.False(offer.Codec.IsEmpty);
        Assert.True(Parse("d7:command4:pinge").Codec.IsEmpty);
    }

    [Fact]
    public void Unknown_keys_are_kept_in_the_dictionary_and_ignored()
    {
        var answer = Parse(
            "d7:command6:answer7:call-id1:c8:from-tag1:f6:to-tag1:t3:sdp3:v=016:sip-message-type9:sip_reply" +
            "9:new-thingd1:xli1eee10:rtpp-flags7:a b c de");
        Assert.Equal(NgCommandKind.Answer, answer.Kind);
        Assert.True(answer.Dictionary.TryGetValue("sip-message-type", out var type));
        Assert.True(type.IsString("sip_reply"));
        Assert.True(answer.Dictionary.TryGetValue("new-thing", out _));
    }

    [Fact]
    public void A_single_string_counts_as_a_list_of_one()
    {
        var offer = Parse("d7:command5:offer7:call-id1:c8:from-tag1:f3:sdp3:v=05:flags13:trust-address4:SDES3:offe");
        Assert.Equal(["trust-address"], offer.Flags);
        Assert.Equal(["off"], offer.Sdes);
    }

    [Theory]
    [InlineData("d7:command4:pinge", NgCommandKind.Ping)]
    [InlineData("d7:command15:start recordinge", NgCommandKind.Other)]
    [InlineData("d7:command4:liste", NgCommandKind.Other)]
    [InlineData("d7:command4:PINGe", NgCommandKind.Other)]
    public void Recognises_commands_case_sensitively(string dictionary, NgCommandKind kind) =>
        Assert.Equal(kind, Parse(dictionary).Kind);

    [Theory]
    [InlineData("d7:call-id1:ce", NgRequestErrorKind.MissingKey, "command")]
    [InlineData("d7:command5:offer8:from-tag1:f3:sdp3:v=0e", NgRequestErrorKind.MissingKey, "call-id")]
    [InlineData("d7:command5:offer7:call-id1:c3:sdp3:v=0e", NgRequestErrorKind.MissingKey, "from-tag")]
    [InlineData("d7:command5:offer7:call-id1:c8:from-tag1:fe", NgRequestErrorKind.MissingKey, "sdp")]
    [InlineData("d7:command6:answer7:call-id1:c8:from-tag1:f3:sdp3:v=0e", NgRequestErrorKind.MissingKey, "to-tag")]
    [InlineData("d7:command6:delete7:call-id1:ce", NgRequestErrorKind.MissingKey, "from-tag")]
    [InlineData("d7:command5:querye", NgRequestErrorKind.MissingKey, "call-id")]
    [InlineData("d7:commandi1ee", NgRequestErrorKind.WrongType, "command")]
    [InlineData("d7:command4:ping5:flagsdee", NgRequestErrorKind.WrongType, "flags")]
    [InlineData("d7:command4:ping5:flagsli1eee", NgRequestErrorKind.WrongType, "flags")]
    [InlineData("d7:command4:ping3:sdpi1ee", NgRequestErrorKind.WrongType, "sdp")]
    [InlineData("d7:command4:ping13:received-froml3:IP4ee", NgRequestErrorKind.WrongType, "received-from")]
    [InlineData("d7:command4:ping13:received froml3:IP4i1eee", NgRequestErrorKind.WrongType, "received-from")]
    [InlineData("d7:command4:ping5:codecl5:stripee", NgRequestErrorKind.WrongType, "codec")]
    [InlineData("d7:command4:ping5:codecd5:stripi1eee", NgRequestErrorKind.WrongType, "codec")]
    [InlineData("d7:command4:ping12:delete delay4:soone", NgRequestErrorKind.WrongType, "delete-delay")]
    [InlineData("d7:command4:ping3:TOSi99999999999ee", NgRequestErrorKind.WrongType, "TOS")]
    public void Refuses_missing_and_mistyped_keys(string dictionary, NgRequestErrorKind kind, string key)
    {
        var error = Refuse(dictionary);
        Assert.Equal(new NgRequestError(kind, key), error);
        Assert.Contains(key, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_message_that_is_not_a_dictionary()
    {
        Assert.Equal(NgRequestErrorKind.NotADictionary, Refuse("l7:commande").Kind);
        Assert.Equal("Message is not a dictionary", Refuse("4:ping").Reason);
    }

    [Fact]
    public void ToString_names_the_dialog_but_never_shows_the_sdp()
    {
        var offer = Parse(NgSamples.Offer(NgSamples.Sdp + "a=ice-pwd:asd88fgpdd777uzjYhagZg\r\n"));
        var text = offer.ToString();
        Assert.Contains("call-id=callid-abc@127.0.0.1", text, StringComparison.Ordinal);
        Assert.Contains("sdp=<", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ice-pwd", text, StringComparison.Ordinal);
        Assert.DoesNotContain("asd88fgpdd777uzjYhagZg", offer.Dictionary.ToString(), StringComparison.Ordinal);
    }
}
