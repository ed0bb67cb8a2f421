using System.Runtime.CompilerServices;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using static Rethink.Ims.Tests.Sip.Transactions.TransactionTestKit;

namespace Rethink.Ims.Tests.Sip.Transactions;

/// <summary>A completed server transaction keeps its final response as bytes only: retransmissions get those exact bytes,
/// and the response and request objects are free to be collected while timer J (or H) runs. Transactions past their final
/// response (server INVITE in Accepted, client in Completed or Accepted) hold no request either: what they wait 32 s for
/// needs only their key.</summary>
public class SipTransactionRetentionTests
{
    [Fact]
    public void Completed_non_invite_resends_identical_bytes_and_no_longer_holds_the_response_or_request()
    {
        using var kit = new TransactionTestKit();
        var (tx, response, request, first) = Complete(kit, "REGISTER", 200);

        Collect();
        kit.AdvanceTo(5);
        Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Request("REGISTER")).Outcome);

        Assert.False(response.TryGetTarget(out _), "the transaction still references the response object");
        Assert.False(request.TryGetTarget(out _), "the transaction still references the request object");
        Assert.Null(tx.LastResponse);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        Assert.Equal([first, first], kit.Transport.All.Select(s => s.Text));
        Assert.Throws<InvalidOperationException>(() => tx.Request);
    }

    [Fact]
    public void Completed_invite_resends_identical_bytes_on_timer_g_and_retransmissions_without_the_response()
    {
        using var kit = new TransactionTestKit();
        var (tx, response, _, first) = Complete(kit, "INVITE", 486);

        Collect();
        kit.AdvanceTo(0.6);
        kit.Receive(Request("INVITE"));

        Assert.False(response.TryGetTarget(out _), "the transaction still references the response object");
        // The final at 0, timer G at 0.5 s, the retransmission at 0.6 s.
        Assert.Equal([0, 0.5, 0.6], kit.Transport.All.Select(s => Math.Round(s.At.TotalSeconds, 3)));
        Assert.All(kit.Transport.All, s => Assert.Equal(first, s.Text));
        Assert.Equal(SipTransactionState.Completed, tx.State);
    }

    [Fact]
    public void Accepted_invite_holds_neither_request_nor_2xx_and_still_absorbs_retransmissions()
    {
        using var kit = new TransactionTestKit();
        var (tx, response, request, _) = Complete(kit, "INVITE", 200);

        kit.Transport.ForgetMessages();
        Collect();
        kit.AdvanceTo(1);
        var again = kit.Receive(Request("INVITE"));

        Assert.Equal(SipReceiveOutcome.RequestRetransmission, again.Outcome);
        Assert.Single(kit.Transport.All); // RFC 6026: absorbed, the TU re-sends its 2xx itself
        Assert.False(response.TryGetTarget(out _), "the transaction still references the 2xx");
        Assert.False(request.TryGetTarget(out _), "the transaction still references the request object");
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Assert.Null(tx.LastResponse);
        Assert.Throws<InvalidOperationException>(() => tx.Request);
    }

    [Fact]
    public async Task A_prepared_100_Trying_is_dropped_with_the_first_response()
    {
        // The layer prepares a 100 for its 200 ms timer before the TU runs; a TU that answers first must leave the
        // transaction holding nothing of it (and the timer nothing to send).
        using var kit = new TransactionTestKit();
        var received = kit.Receive(Request("INVITE"));
        var tx = received.ServerTransaction!;
        var trying = Prepare(tx);

        await tx.SendResponseAsync(SipResponse.CreateFor(tx.Request, 180));
        Collect();

        Assert.Null(tx.TakePreparedTrying());
        Assert.False(trying.TryGetTarget(out _), "the transaction still references the prepared 100 Trying");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<SipResponse> Prepare(SipServerTransaction tx)
    {
        var trying = SipResponse.CreateFor(tx.Request, 100);
        tx.PrepareTrying(trying);
        return new WeakReference<SipResponse>(trying);
    }

    [Theory]
    [InlineData("INVITE", 200, SipTransactionState.Accepted)]
    [InlineData("INVITE", 486, SipTransactionState.Completed)]
    [InlineData("BYE", 200, SipTransactionState.Completed)]
    public void A_client_transaction_lets_go_of_its_request_with_the_final_response(string method, int status, SipTransactionState state)
    {
        using var kit = new TransactionTestKit();
        var (tx, request) = StartClient(kit, method);

        Collect();
        Assert.True(IsAlive(request), "the request must live while it may be re-sent");
        Receive(kit, request, status);
        kit.Transport.ForgetMessages();
        Collect();

        Assert.Throws<InvalidOperationException>(() => tx.Request);
        Assert.False(IsAlive(request), "the transaction still references its request");
        Assert.Equal(state, tx.State);
        Assert.Equal(status, Final(tx).StatusCode);

        // Stopping the layer now builds no local 503 from the released request: the received final stands.
        tx.Abort();
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(status, Final(tx).StatusCode);
    }

    [Fact]
    public async Task A_reliable_transport_keeps_no_bytes_and_ends_at_once()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("OPTIONS", transport: "TCP"), Tcp);
        var response = SipResponse.CreateFor(RequestOf(tx), 200);

        Assert.True(await tx.SendResponseAsync(response));

        Assert.Same(response, kit.Transport.All.Single().Message);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    /// <summary>Receives a request and answers it, keeping only weak references to both messages (in a frame of its own, so
    /// no local of the test keeps them alive).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (SipServerTransaction Tx, WeakReference<SipResponse> Response, WeakReference<SipRequest> Request, string FirstText)
        Complete(TransactionTestKit kit, string method, int status)
    {
        var request = Request(method);
        var result = kit.Layer.ReceiveAsync(request, Udp).AsTask().GetAwaiter().GetResult();
        Assert.Equal(SipReceiveOutcome.NewServerTransaction, result.Outcome);
        var tx = result.ServerTransaction!;
        var response = SipResponse.CreateFor(request, status, toTag: "server-tag");
        var expected = System.Text.Encoding.UTF8.GetString(SipMessageWriter.ToArray(response));

        Assert.True(tx.SendResponseAsync(response).AsTask().GetAwaiter().GetResult());

        var first = kit.Transport.All.Single().Text;
        Assert.Equal(expected, first);
        return (tx, new WeakReference<SipResponse>(response), new WeakReference<SipRequest>(request), first);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (SipClientTransaction Tx, WeakReference<SipRequest> Request) StartClient(TransactionTestKit kit, string method)
    {
        var request = Request(method);
        return (kit.Layer.StartClientTransaction(request, Udp), new WeakReference<SipRequest>(request));
    }

    /// <summary>A response built from a copy of the request (same branch, Call-ID and CSeq), so the test holds no reference to it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Receive(TransactionTestKit kit, WeakReference<SipRequest> request, int status)
    {
        Assert.True(request.TryGetTarget(out var live));
        var response = Response(Request(live.Method.Name), status);
        Assert.Equal(SipReceiveOutcome.ResponseDelivered, kit.Receive(response).Outcome);
    }

    /// <summary>In a frame of its own: the hidden local behind an <c>out</c> argument would otherwise keep the target alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsAlive<T>(WeakReference<T> reference)
        where T : class => reference.TryGetTarget(out _);

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
