using System.Text;

namespace Rethink.Ims.Tests.Media.Control;

/// <summary>ng requests as Kamailio 5.6.3's rtpengine module sent them (captured on this machine), keys unsorted.</summary>
internal static class NgSamples
{
    public const string Sdp =
        "v=0\r\no=alice 2890844526 2890844526 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    /// <summary>
    /// <c>rtpengine_offer("replace-origin replace-session-connection ICE=force DTLS=passive RTP/AVP rtcp-mux-demux
    /// via-branch=1 codec-strip=opus codec-transcode=PCMU direction=pub direction=priv address-family=IP4
    /// record-call=on SDES-off trust-address symmetric")</c> on an INVITE.
    /// </summary>
    public static string Offer(string sdp = Sdp) =>
        "d8:supportsl10:load limite3:sdp" + Str(sdp) +
        "3:ICE5:force4:DTLS7:passive14:address-family3:IP411:record-call2:on9:directionl3:pub4:prive" +
        "5:flagsl13:trust-address9:symmetrice7:replacel6:origin18:session-connectione" +
        "5:codecd5:stripl4:opuse9:transcodel4:PCMUee18:transport-protocol7:RTP/AVP8:rtcp-muxl5:demuxe" +
        "4:SDESl3:offe7:call-id20:callid-abc@127.0.0.110:via-branch14:z9hG4bK-test-1" +
        "13:received-froml3:IP49:127.0.0.1e8:from-tag8:fromtag17:command5:offere";

    /// <summary><c>rtpengine_delete("delete-delay=0")</c>: Kamailio sends the delay twice, as an integer and as a string.</summary>
    public const string Delete =
        "d8:supportsl10:load limite12:delete delayi0e12:delete-delay1:07:call-id20:callid-abc@127.0.0.1" +
        "13:received-froml3:IP49:127.0.0.1e8:from-tag8:fromtag17:command6:deletee";

    /// <summary><c>rtpengine_query()</c> on an in-dialog request (also what <c>$rtpestat</c> sends).</summary>
    public const string Query =
        "d8:supportsl10:load limite7:call-id20:callid-abc@127.0.0.113:received-froml3:IP49:127.0.0.1e" +
        "8:from-tag8:fromtag16:to-tag6:totag97:command5:querye";

    /// <summary><c>rtpengine_info()</c> on an INFO carrying a trickle-ICE fragment: an offer flagged <c>fragment</c>.</summary>
    public const string InfoFragment =
        "d8:supportsl10:load limite3:sdp141:a=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\nm=audio 9 RTP/AVP 0\r\n" +
        "a=mid:0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n5:flagsl8:fragmente7:call-id20:callid-abc@127.0.0.1" +
        "13:received-froml3:IP49:127.0.0.1e8:from-tag8:fromtag16:to-tag6:totag97:command5:offere";

    public const string Ping = "d7:command4:pinge";

    public static string Str(string text) => $"{Encoding.UTF8.GetByteCount(text)}:{text}";

    public static byte[] Datagram(string cookie, string dictionary) => Encoding.UTF8.GetBytes(cookie + " " + dictionary);
}
