using System.Net;
using System.Text;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Pipeline;

/// <summary>A flow that keeps what is sent on it.</summary>
internal sealed class RecordingFlow() : SipFlow("test-1", SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 5060), new IPEndPoint(IPAddress.Loopback, 40000))
{
    public List<string> Sent { get; } = [];

    public override ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        Sent.Add(Encoding.UTF8.GetString(message.Span));
        return ValueTask.FromResult(SipSendResult.Sent);
    }

    public static SipRequest Request(string method)
    {
        var text = $"{method} sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:40000;branch=z9hG4bK1\r\n" +
            $"From: <sip:a@example.com>;tag=1\r\nTo: <sip:example.com>\r\nCall-ID: c1\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.True(result.IsSuccess, result.ToString());
        return result.Request!;
    }
}
