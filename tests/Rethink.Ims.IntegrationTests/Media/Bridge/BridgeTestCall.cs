using System.Text;
using Rethink.Ims.IntegrationTests.Media.Control;

namespace Rethink.Ims.IntegrationTests.Media.Bridge;

/// <summary>One call's identifiers and the SIP text of caller and callee.</summary>
internal sealed class BridgeTestCall(SipPeer caller)
{
    private const string CalleeTag = "bridge-callee-1";

    public string CallId { get; } = $"bridge-{Guid.NewGuid():N}@127.0.0.1";

    private string FromTag { get; } = $"ft{Random.Shared.Next():x}";

    public string Invite(string sdp) =>
        "INVITE sip:bob@example.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:alice@example.com>;tag={FromTag}\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        $"Call-ID: {CallId}\r\nCSeq: 1 INVITE\r\n" +
        $"Contact: <sip:alice@{caller.EndPoint}>\r\n" +
        $"Content-Type: application/sdp\r\nContent-Length: {Encoding.UTF8.GetByteCount(sdp)}\r\n\r\n" + sdp;

    public string InDialog(string method, int cseq) =>
        $"{method} sip:bob@example.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:alice@example.com>;tag={FromTag}\r\n" +
        $"To: <sip:bob@example.com>;tag={CalleeTag}\r\n" +
        $"Call-ID: {CallId}\r\nCSeq: {cseq} {method}\r\nContent-Length: 0\r\n\r\n";

    public string Ok(SipText invite, string sdp)
    {
        var text = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var via in invite.AllHeaders("Via"))
        {
            text.Append("Via: ").Append(via).Append("\r\n");
        }

        text.Append("From: ").Append(invite.Header("From")).Append("\r\n")
            .Append("To: ").Append(invite.Header("To")).Append(";tag=").Append(CalleeTag).Append("\r\n")
            .Append("Call-ID: ").Append(invite.Header("Call-ID")).Append("\r\n")
            .Append("CSeq: ").Append(invite.Header("CSeq")).Append("\r\n")
            .Append("Contact: <sip:bob@127.0.0.1>\r\nContent-Type: application/sdp\r\n")
            .Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(sdp)).Append("\r\n\r\n").Append(sdp);
        return text.ToString();
    }
}
