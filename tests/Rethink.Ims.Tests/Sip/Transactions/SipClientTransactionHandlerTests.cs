using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using static Rethink.Ims.Tests.Sip.Transactions.TransactionTestKit;

namespace Rethink.Ims.Tests.Sip.Transactions;

public class SipClientTransactionHandlerTests
{
    [Fact]
    public void Handler_runs_on_the_receiving_thread_with_the_lock_free_and_a_reentrant_abort_follows_in_order()
    {
        using var kit = new TransactionTestKit();
        var handler = new RecordingHandler();
        handler.OnEach = (tx, response) =>
        {
            // Another thread can take the transaction's lock while the handler runs: it is not held.
            var fromElsewhere = Task.Run(() => tx.State);
            handler.LockFree.Add(fromElsewhere.Wait(TimeSpan.FromSeconds(10)));
            if (response.StatusCode == 180)
            {
                // Back into the transaction from its own handler: queued behind this call, no deadlock, no recursion.
                tx.Abort();
                handler.Calls.Add("abort returned");
            }

            return default;
        };
        var tx = kit.Layer.StartClientTransaction(Request("INVITE"), Udp, handler);

        var receiver = new Thread(() => kit.Receive(Response(tx.Request, 180)));
        receiver.Start();
        Assert.True(receiver.Join(TimeSpan.FromSeconds(20)), "the receive deadlocked");

        Assert.Equal(["180", "abort returned", "503", "terminated"], handler.Calls);
        Assert.All(handler.Threads, id => Assert.Equal(receiver.ManagedThreadId, id));
        Assert.Equal([true, true], handler.LockFree);
        Assert.True(tx.IsFinalResponseLocal);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.False(tx.Responses.TryRead(out _));
        Assert.True(tx.Responses.Completion.IsCompleted);
    }

    [Fact]
    public void Responses_arriving_while_the_handler_waits_follow_in_order_once_it_is_done()
    {
        using var kit = new TransactionTestKit();
        var handler = new RecordingHandler();
        var slow = new TaskCompletionSource();
        handler.OnEach = (_, response) => response.StatusCode == 180 ? new ValueTask(slow.Task) : default;
        var tx = kit.Layer.StartClientTransaction(Request("INVITE", transport: "TCP"), Tcp, handler);

        kit.Receive(Response(tx.Request, 180));
        Assert.Equal(SipReceiveOutcome.ResponseDelivered, kit.Receive(Response(tx.Request, 486)).Outcome);

        // The transaction has moved on (the final is on Completion), but the handler sees nothing more yet.
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(486, Final(tx).StatusCode);
        Assert.Equal(["180"], handler.Calls);

        slow.SetResult();

        // The thread that completed the handler's wait carries on with the backlog.
        Assert.True(SpinWait.SpinUntil(() => handler.Calls.Count == 3, TimeSpan.FromSeconds(10)));
        Assert.Equal(["180", "486", "terminated"], handler.Calls);
    }

    [Fact]
    public void Timer_b_408_and_the_end_reach_the_handler_on_the_timer_thread()
    {
        using var kit = new TransactionTestKit();
        var handler = new RecordingHandler();
        var tx = kit.Layer.StartClientTransaction(Request("INVITE"), Udp, handler);

        kit.AdvanceTo(31.999);
        Assert.Empty(handler.Calls);
        kit.AdvanceTo(32);

        Assert.Equal(["408", "terminated"], handler.Calls);
        Assert.All(handler.Threads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
        Assert.True(tx.IsFinalResponseLocal);
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void A_handler_that_throws_still_gets_the_rest()
    {
        using var kit = new TransactionTestKit();
        var handler = new RecordingHandler { OnEach = (_, _) => throw new InvalidOperationException("handler bug") };
        var tx = kit.Layer.StartClientTransaction(Request("OPTIONS", transport: "TCP"), Tcp, handler);

        kit.Receive(Response(tx.Request, 100));
        kit.Receive(Response(tx.Request, 200));

        Assert.Equal(["100", "200", "terminated"], handler.Calls);
    }

    [Fact]
    public void Refusal_at_the_limit_reaches_the_handler_before_start_returns()
    {
        using var kit = new TransactionTestKit(o => o.MaxTransactions = 1);
        kit.Layer.StartClientTransaction(Request("OPTIONS", branch: "z9hG4bKfirst"), Udp);
        var handler = new RecordingHandler();

        var tx = kit.Layer.StartClientTransaction(Request("OPTIONS", branch: "z9hG4bKsecond"), Udp, handler);

        Assert.Equal(["503", "terminated"], handler.Calls);
        Assert.True(tx.IsFinalResponseLocal);
        Assert.Single(kit.Transport.All);
    }

    [Fact]
    public void Transport_error_gives_the_handler_a_local_503()
    {
        using var kit = new TransactionTestKit();
        kit.Transport.Fail = true;
        var handler = new RecordingHandler();

        var tx = kit.Layer.StartClientTransaction(Request("INVITE"), Udp, handler);

        Assert.Equal(["503", "terminated"], handler.Calls);
        Assert.True(tx.IsFinalResponseLocal);
    }

    private sealed class RecordingHandler : ISipClientTransactionHandler
    {
        public List<string> Calls { get; } = [];

        public List<int> Threads { get; } = [];

        public List<bool> LockFree { get; } = [];

        public Func<SipClientTransaction, SipResponse, ValueTask>? OnEach { get; set; }

        public ValueTask OnResponseAsync(SipClientTransaction transaction, SipResponse response)
        {
            Calls.Add(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Threads.Add(Environment.CurrentManagedThreadId);
            return OnEach?.Invoke(transaction, response) ?? default;
        }

        public void OnTerminated(SipClientTransaction transaction)
        {
            Calls.Add("terminated");
            Threads.Add(Environment.CurrentManagedThreadId);
        }
    }
}
