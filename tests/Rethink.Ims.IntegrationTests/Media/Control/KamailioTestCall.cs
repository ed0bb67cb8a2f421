using System.Text;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary>One test call's identifiers and the SIP text the caller and the callee send.</summary>
internal sealed class KamailioTestCall(SipPeer caller)
{
    public const string CalleeTag = "callee-tag-1";

    public string CallId { get; } = $"ng-{Guid.NewGuid():N}@127.0.0.1";

    public string FromTag { get; } = $"ft{Random.Shared.Next():x}";

    public string Branch { get; } = $"z9hG4bK-{Guid.NewGuid():N}";

    public string Invite(string sdp) =>
        $"INVITE sip:bob@example.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {caller.EndPoint};branch={Branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:alice@example.com>;tag={FromTag}\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        $"Call-ID: {CallId}\r\n" +
        "CSeq: 1 INVITE\r\n" +
        $"Contact: <sip:alice@{caller.EndPoint}>\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {Encoding.UTF8.GetByteCount(sdp)}\r\n\r\n" +
        sdp;

    public string InDialog(string method, int cseq) =>
        $"{method} sip:bob@example.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:alice@example.com>;tag={FromTag}\r\n" +
        $"To: <sip:bob@example.com>;tag={CalleeTag}\r\n" +
        $"Call-ID: {CallId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        "Content-Length: 0\r\n\r\n";

    public string Ok(SipText invite, string sdp) =>
        Response(invite, "200 OK", "Content-Type: application/sdp\r\n" + $"Contact: <sip:bob@127.0.0.1>\r\n", sdp);

    public string Reject(SipText invite) => Response(invite, "486 Busy Here", "", "");

    private static string Response(SipText invite, string status, string extraHeaders, string body)
    {
        var text = new StringBuilder($"SIP/2.0 {status}\r\n");
        foreach (var via in invite.AllHeaders("Via"))
        {
            text.Append("Via: ").Append(via).Append("\r\n");
        }

        text.Append("From: ").Append(invite.Header("From")).Append("\r\n")
            .Append("To: ").Append(invite.Header("To")).Append(";tag=").Append(CalleeTag).Append("\r\n")
            .Append("Call-ID: ").Append(invite.Header("Call-ID")).Append("\r\n")
            .Append("CSeq: ").Append(invite.Header("CSeq")).Append("\r\n")
            .Append(extraHeaders)
            .Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n")
            .Append(body);
        return text.ToString();
    }
}
