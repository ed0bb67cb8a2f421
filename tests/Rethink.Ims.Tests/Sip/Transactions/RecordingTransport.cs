using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;

namespace Rethink.Ims.Tests.Sip.Transactions;

/// <summary>
/// A fake of <see cref="ISipTransactionTransport"/> that records what is sent and when. A fake is right here: the
/// transaction layer's whole contract with the network is this send abstraction (the real transports are tested
/// against sockets elsewhere). UDP destinations are unreliable, all others reliable.
/// </summary>
internal sealed class RecordingTransport(FakeTimeProvider time) : ISipTransactionTransport
{
    public ConcurrentQueue<Sent> Sent { get; } = new();

    public bool Fail { get; set; }

    public IReadOnlyList<Sent> All => [.. Sent];

    /// <summary>Keeps the text of what was sent but drops the message objects, for tests of what the layer itself holds on to.</summary>
    public void ForgetMessages()
    {
        var all = All;
        Sent.Clear();
        foreach (var sent in all)
        {
            Sent.Enqueue(sent with { Message = null });
        }
    }

    public ValueTask<bool> SendAsync(SipMessage message, SipTransactionDestination destination, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            return ValueTask.FromResult(false);
        }

        // The text is taken now: a stateless response is disposed once sent.
        var text = System.Text.Encoding.UTF8.GetString(SipMessageWriter.ToArray(message));
        Sent.Enqueue(new Sent(time.GetUtcNow() - TransactionTestKit.Start, message, destination, text));
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, SipTransactionDestination destination, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            return ValueTask.FromResult(false);
        }

        Sent.Enqueue(new Sent(time.GetUtcNow() - TransactionTestKit.Start, null, destination, System.Text.Encoding.UTF8.GetString(message.Span)));
        return ValueTask.FromResult(true);
    }

    public SipTransactionDestination ResponseDestination(SipResponse response, SipTransactionDestination destination) => destination;

    public bool IsReliable(SipTransactionDestination destination) => destination.Transport != SipTransportKind.Udp;
}

/// <summary>One send; <see cref="Message"/> is null when the layer sent bytes (a kept final response).</summary>
internal sealed record Sent(TimeSpan At, SipMessage? Message, SipTransactionDestination Destination, string Text)
{
    public int? Status => ((Message ?? Wire) as SipResponse)?.StatusCode;

    /// <summary>What went on the wire, parsed again.</summary>
    public SipMessage Wire => TransactionTestKit.Parse(Text).Message!;
}
