using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;

namespace Rethink.Ims.Tests.Sip.Transactions;

/// <summary>A layer over a fake clock and a recording transport, and builders of the messages the tests feed it.</summary>
internal sealed class TransactionTestKit : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly SipTransactionDestination Udp = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060));

    public static readonly SipTransactionDestination Tcp = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 5060), new object());

    public TransactionTestKit(Action<SipTransactionOptions>? configure = null, SipTransactionMetrics? metrics = null)
    {
        Time = new FakeTimeProvider(Start);
        Transport = new RecordingTransport(Time);
        var options = new SipTransactionOptions();
        configure?.Invoke(options);
        Layer = new SipTransactionLayer(Transport, options, Time, metrics);
    }

    public FakeTimeProvider Time { get; }

    public RecordingTransport Transport { get; }

    public SipTransactionLayer Layer { get; }

    public TimeSpan Now => Time.GetUtcNow() - Start;

    public static SipRequest Request(string method, string branch = "z9hG4bKabc123", string transport = "UDP",
        uint cseq = 1, string toTag = "", string extra = "", string? cseqMethod = null)
    {
        var via = branch.Length == 0
            ? $"Via: SIP/2.0/{transport} client.example.com:5060\r\n"
            : $"Via: SIP/2.0/{transport} client.example.com:5060;branch={branch}\r\n";
        var to = toTag.Length == 0 ? "To: <sip:bob@example.com>\r\n" : $"To: <sip:bob@example.com>;tag={toTag}\r\n";
        var text = $"{method} sip:bob@example.com SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + to +
            "From: <sip:alice@example.com>;tag=1928301774\r\nCall-ID: a84b4c76e66710\r\n" +
            $"CSeq: {cseq} {cseqMethod ?? method}\r\n" + extra + "Content-Length: 0\r\n\r\n";
        return Parse(text).Request!;
    }

    public static SipResponse Response(SipRequest request, int status, string toTag = "server-tag")
    {
        // Through the writer and parser, as a response arrives from the network.
        using var built = SipResponse.CreateFor(request, status, toTag: toTag);
        return Parse(Encoding.UTF8.GetString(SipMessageWriter.ToArray(built))).Response!;
    }

    public static SipParseResult Parse(string text)
    {
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text));
        Assert.True(result.IsSuccess, result.Failure?.Detail);
        return result;
    }

    // The request of each server transaction, as the TU holds it: a transaction that kept its final response as bytes has
    // let go of its own (and a later response built from it is refused anyway).
    private static readonly ConditionalWeakTable<SipServerTransaction, SipRequest> Requests = new();

    public SipReceiveResult Receive(SipMessage message, SipTransactionDestination? source = null)
    {
        var result = Layer.ReceiveAsync(message, source ?? Udp).AsTask().GetAwaiter().GetResult();
        if (result.Outcome == SipReceiveOutcome.NewServerTransaction)
        {
            Requests.AddOrUpdate(result.ServerTransaction!, (SipRequest)message);
        }

        return result;
    }

    public SipServerTransaction NewServer(SipRequest request, SipTransactionDestination? source = null)
    {
        var result = Receive(request, source);
        Assert.Equal(SipReceiveOutcome.NewServerTransaction, result.Outcome);
        return result.ServerTransaction!;
    }

    public void Respond(SipServerTransaction tx, int status) =>
        Assert.True(tx.SendResponseAsync(SipResponse.CreateFor(RequestOf(tx), status, toTag: "server-tag")).AsTask().GetAwaiter().GetResult());

    public static bool TrySend(SipServerTransaction tx, int status) =>
        tx.SendResponseAsync(SipResponse.CreateFor(RequestOf(tx), status)).AsTask().GetAwaiter().GetResult();

    public static SipRequest RequestOf(SipServerTransaction tx) => Requests.TryGetValue(tx, out var request) ? request : tx.Request;

    /// <summary>The outcome of a transaction that must have ended by now.</summary>
    public static SipServerTransactionOutcome Ended(SipServerTransaction tx)
    {
        Assert.True(tx.Completion.IsCompleted, "the transaction has not ended");
        return tx.Completion.GetAwaiter().GetResult();
    }

    /// <summary>The final response of a client transaction that must have one by now.</summary>
    public static SipResponse Final(SipClientTransaction tx)
    {
        Assert.True(tx.Completion.IsCompleted, "no final response yet");
        return tx.Completion.GetAwaiter().GetResult();
    }

    /// <summary>Moves the clock in 1 ms steps, so each timer fires at its own time and re-arms from there
    /// (FakeTimeProvider fires every due timer at the end of one Advance).</summary>
    public void AdvanceTo(double seconds)
    {
        var target = TimeSpan.FromSeconds(seconds);
        while (Now + TimeSpan.FromMilliseconds(1) <= target)
        {
            Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        if (Now < target)
        {
            Time.Advance(target - Now);
        }
    }

    public static double[] Seconds(IEnumerable<Sent> sent) => [.. sent.Select(s => s.At.TotalSeconds)];

    public void Dispose() => Layer.Dispose();
}
