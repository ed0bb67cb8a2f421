using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using static Rethink.Ims.Tests.Sip.Transactions.TransactionTestKit;

namespace Rethink.Ims.Tests.Sip.Transactions;

public class SipTransactionPropertyTests
{
    private static readonly double[] TimerG = [0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5];

    // Arrival times in (0, 32) s, off the 500 ms grid so no arrival ties with a timer.
    private static double[] Arrivals(int[] raw) => [.. raw.Select(x => ((x & 0x7fffffff) % 31_999) / 1000.0 + 0.0005).Order()];

    [Property(MaxTest = 40)]
    public void Non_invite_server_answers_each_retransmission_with_the_same_final_and_nothing_more(int[] raw)
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("OPTIONS"));
        kit.Respond(tx, 200);
        var arrivals = Arrivals(raw);

        foreach (var at in arrivals)
        {
            kit.AdvanceTo(at);
            Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Request("OPTIONS")).Outcome);
        }

        kit.AdvanceTo(33);

        var sent = kit.Transport.All;
        Assert.Equal(1 + arrivals.Length, sent.Count);
        Assert.All(sent, s => Assert.Equal(sent[0].Text, s.Text));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Property(MaxTest = 40)]
    public void Invite_server_sends_only_its_final_once_per_retransmission_or_timer_g_until_ack_or_h(int[] raw, int rawAck, bool acked)
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE"));
        kit.Respond(tx, 486);
        var arrivals = Arrivals(raw);
        var ackAt = acked ? Arrivals([rawAck])[0] : double.MaxValue;
        var events = arrivals.Select(a => (At: a, Ack: false)).Append((At: ackAt, Ack: true)).OrderBy(e => e.At);

        foreach (var e in events.Where(e => e.At < 32))
        {
            kit.AdvanceTo(e.At);
            kit.Receive(e.Ack ? Request("ACK", toTag: "server-tag") : Request("INVITE"));
        }

        kit.AdvanceTo(40);

        var end = Math.Min(ackAt, 32);
        var sent = kit.Transport.All;
        // Arrivals at the ACK's instant are handled before it (stable order above).
        Assert.Equal(1 + arrivals.Count(a => a <= ackAt && a < 32) + TimerG.Count(g => g < end), sent.Count);
        Assert.All(sent, s => Assert.Equal(sent[0].Text, s.Text));
        Assert.Equal(acked ? SipServerTransactionOutcome.Completed : SipServerTransactionOutcome.AckTimeout, Ended(tx));
    }

    [Property(MaxTest = 200)]
    public void Invite_client_delivers_provisionals_then_one_final_and_acks_every_non_2xx_final(int[] raw)
    {
        int[] codes = [100, 180, 183, 200, 486, 603];
        var statuses = raw.Take(15).Select(x => codes[(x & 0x7fffffff) % codes.Length]).ToArray();
        using var kit = new TransactionTestKit();
        var request = Request("INVITE");
        var tx = kit.Layer.StartClientTransaction(request, Udp);

        foreach (var status in statuses)
        {
            kit.Receive(Response(request, status));
        }

        var firstFinal = Array.FindIndex(statuses, s => s >= 200);
        var before = firstFinal < 0 ? statuses : statuses[..firstFinal];
        var after = firstFinal < 0 ? [] : statuses[firstFinal..];
        var expected = before.Concat(after.Take(1))
            .Concat(after.Length > 0 && after[0] < 300 ? after.Skip(1).Where(s => s is >= 200 and < 300) : []).ToArray();
        var delivered = new List<int>();
        while (tx.Responses.TryRead(out var r))
        {
            delivered.Add(r.StatusCode);
        }

        Assert.Equal(expected, delivered);
        Assert.Equal(firstFinal >= 0, tx.Completion.IsCompleted);
        if (firstFinal >= 0)
        {
            Assert.Equal(statuses[firstFinal], Final(tx).StatusCode);
        }

        var acks = kit.Transport.All.Skip(1).ToArray();
        var expectedAcks = after.Length > 0 && after[0] >= 300 ? after.Count(s => s >= 300) : 0;
        Assert.Equal(expectedAcks, acks.Length);
        Assert.All(acks, a => Assert.Equal(SipMethod.Ack, ((SipRequest)a.Message!).Method));
    }
}
