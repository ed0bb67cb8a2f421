using System.Net;
using System.Text;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Transactions;

/// <summary>A UDP flow that records what is sent through it and to where (shared by the flows <see cref="WithRemote"/> makes).</summary>
internal sealed class RecordingDatagramFlow : SipDatagramFlow
{
    private readonly List<(IPEndPoint To, string Text)> _sent;

    public RecordingDatagramFlow(IPEndPoint remote, List<(IPEndPoint To, string Text)>? sent = null)
        : base(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060), remote) => _sent = sent ?? [];

    public IReadOnlyList<(IPEndPoint To, string Text)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<string> StatusLines => [.. Sent.Select(s => s.Text.Split("\r\n")[0])];

    public override SipDatagramFlow WithRemote(IPEndPoint remote) => new RecordingDatagramFlow(remote, _sent);

    public override ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        lock (_sent)
        {
            _sent.Add((RemoteEndPoint, Encoding.UTF8.GetString(message.Span)));
        }

        return ValueTask.FromResult(SipSendResult.Sent);
    }
}
