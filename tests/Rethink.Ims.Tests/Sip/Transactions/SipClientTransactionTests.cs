using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using static Rethink.Ims.Tests.Sip.Transactions.TransactionTestKit;

namespace Rethink.Ims.Tests.Sip.Transactions;

public class SipClientTransactionTests
{
    private const string Routes = "Route: <sip:p1.example.com;lr>\r\nRoute: <sip:p2.example.com;lr>\r\n";

    private static List<string> RouteUris(SipMessage message)
    {
        var uris = new List<string>();
        foreach (var route in message.Route)
        {
            uris.Add(route.Uri.ToString());
        }

        return uris;
    }

    [Fact]
    public void Invite_over_udp_is_retransmitted_by_timer_a_doubling_and_timer_b_gives_408_at_32_s()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.Layer.StartClientTransaction(Request("INVITE"), Udp);

        kit.AdvanceTo(31.999);
        Assert.False(tx.Completion.IsCompleted);
        kit.AdvanceTo(40);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], Seconds(kit.Transport.All));
        Assert.All(kit.Transport.All, s => Assert.Same(tx.Request, s.Message));
        Assert.Equal(408, Final(tx).StatusCode);
        Assert.True(tx.IsFinalResponseLocal);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void Invite_timer_b_fires_exactly_at_64_T1()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.Layer.StartClientTransaction(Request("INVITE"), Udp);

        kit.AdvanceTo(31.999);
        Assert.Equal(SipTransactionState.Calling, tx.State);
        kit.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Invite_over_tcp_is_not_retransmitted_but_timer_b_still_applies()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.Layer.StartClientTransaction(Request("INVITE", transport: "TCP"), Tcp);

        kit.AdvanceTo(32);

        Assert.Equal([0], Seconds(kit.Transport.All));
        Assert.Equal(408, Final(tx).StatusCode);
    }

    [Fact]
    public void Timers_follow_configured_T1()
    {
        using var kit = new TransactionTestKit(o => o.T1 = TimeSpan.FromMilliseconds(100));
        var tx = kit.Layer.StartClientTransaction(Request("INVITE"), Udp);

        kit.AdvanceTo(7);

        Assert.Equal([0, 0.1, 0.3, 0.7, 1.5, 3.1, 6.3], Seconds(kit.Transport.All));
        Assert.Equal(408, Final(tx).StatusCode);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Invite_provisional_stops_retransmissions_and_timer_b()
    {
        using var kit = new TransactionTestKit();
        var request = Request("INVITE");
        var tx = kit.Layer.StartClientTransaction(request, Udp);
        kit.AdvanceTo(1);

        var result = kit.Receive(Response(request, 180));

        Assert.Equal(SipReceiveOutcome.ResponseDelivered, result.Outcome);
        Assert.Same(tx, result.ClientTransaction);
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        Assert.True(tx.Responses.TryRead(out var provisional));
        Assert.Equal(180, provisional.StatusCode);
        kit.AdvanceTo(60);
        Assert.Equal([0, 0.5], Seconds(kit.Transport.All));
        Assert.False(tx.Completion.IsCompleted);
    }

    [Fact]
    public void Invite_non_2xx_final_is_acknowledged_per_17_1_1_3_and_retransmissions_get_the_ack_again()
    {
        using var kit = new TransactionTestKit();
        var request = Request("INVITE", cseq: 42, extra: Routes);
        var tx = kit.Layer.StartClientTransaction(request, Udp);
        kit.Receive(Response(request, 180));

        var first = kit.Receive(Response(request, 486, toTag: "callee"));

        Assert.Equal(SipReceiveOutcome.ResponseDelivered, first.Outcome);
        Assert.Equal(486, Final(tx).StatusCode);
        Assert.False(tx.IsFinalResponseLocal);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        var ack = (SipRequest)kit.Transport.All[1].Wire;
        Assert.Equal(SipMethod.Ack, ack.Method);
        Assert.Equal("sip:bob@example.com", ack.RequestUri.ToString());
        Assert.Equal(request.TopVia.Branch.ToString(), ack.TopVia.Branch.ToString());
        Assert.Equal(1, ack.Via.Count);
        Assert.Equal("callee", ack.To.Tag.ToString());
        Assert.Equal("1928301774", ack.From.Tag.ToString());
        Assert.Equal(request.CallId.ToString(), ack.CallId.ToString());
        Assert.Equal(new SipCSeq(42, SipMethod.Ack), ack.CSeq);
        Assert.Equal(["sip:p1.example.com;lr", "sip:p2.example.com;lr"], RouteUris(ack));

        var again = kit.Receive(Response(request, 486, toTag: "callee"));

        Assert.Equal(SipReceiveOutcome.ResponseAbsorbed, again.Outcome);
        Assert.Equal(3, kit.Transport.All.Count);
        Assert.Same(kit.Transport.All[1].Message, kit.Transport.All[2].Message);
    }

    [Fact]
    public void Invite_timer_d_ends_completed_after_32_s_over_udp_and_at_once_over_tcp()
    {
        using var kit = new TransactionTestKit();
        var udpRequest = Request("INVITE", branch: "z9hG4bKudp");
        var udp = kit.Layer.StartClientTransaction(udpRequest, Udp);
        var tcpRequest = Request("INVITE", branch: "z9hG4bKtcp", transport: "TCP");
        var tcp = kit.Layer.StartClientTransaction(tcpRequest, Tcp);
        kit.AdvanceTo(2);

        kit.Receive(Response(udpRequest, 500));
        kit.Receive(Response(tcpRequest, 500), Tcp);

        Assert.Equal(SipTransactionState.Terminated, tcp.State);
        kit.AdvanceTo(33.999);
        Assert.Equal(SipTransactionState.Completed, udp.State);
        kit.AdvanceTo(34);
        Assert.Equal(SipTransactionState.Terminated, udp.State);
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public async Task Invite_2xx_enters_accepted_where_further_2xx_reach_the_user_until_timer_m()
    {
        using var kit = new TransactionTestKit();
        var request = Request("INVITE");
        var tx = kit.Layer.StartClientTransaction(request, Udp);

        kit.Receive(Response(request, 200, toTag: "fork1"));
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Assert.Equal(SipReceiveOutcome.ResponseDelivered, kit.Receive(Response(request, 200, toTag: "fork2")).Outcome);
        Assert.Equal(SipReceiveOutcome.ResponseAbsorbed, kit.Receive(Response(request, 486)).Outcome);
        kit.AdvanceTo(32);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal("fork1", Final(tx).To.Tag.ToString());
        var seen = new List<string>();
        await foreach (var r in tx.Responses.ReadAllAsync())
        {
            seen.Add(r.To.Tag.ToString());
        }

        Assert.Equal(["fork1", "fork2"], seen);
        Assert.Single(kit.Transport.All); // no ACK for a 2xx: that is the TU's
    }

    [Fact]
    public void Non_invite_timer_e_doubles_up_to_T2_and_timer_f_gives_408_at_32_s()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.Layer.StartClientTransaction(Request("OPTIONS"), Udp);

        kit.AdvanceTo(31.999);
        Assert.Equal(SipTransactionState.Trying, tx.State);
        kit.AdvanceTo(32);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], Seconds(kit.Transport.All));
        Assert.Equal(408, Final(tx).StatusCode);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Non_invite_timer_e_is_fixed_at_T2_after_a_provisional()
    {
        using var kit = new TransactionTestKit();
        var request = Request("REGISTER");
        var tx = kit.Layer.StartClientTransaction(request, Udp);
        kit.AdvanceTo(0.6);
        kit.Receive(Response(request, 100));

        kit.AdvanceTo(20);

        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        Assert.Equal([0, 0.5, 1.5, 5.5, 9.5, 13.5, 17.5], Seconds(kit.Transport.All));
    }

    [Fact]
    public void Non_invite_over_tcp_is_not_retransmitted_and_timer_f_applies()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.Layer.StartClientTransaction(Request("OPTIONS", transport: "TCP"), Tcp);

        kit.AdvanceTo(32);

        Assert.Single(kit.Transport.All);
        Assert.Equal(408, Final(tx).StatusCode);
    }

    [Fact]
    public void Non_invite_final_completes_absorbs_retransmissions_and_timer_k_ends_it_after_T4()
    {
        using var kit = new TransactionTestKit();
        var request = Request("OPTIONS");
        var tx = kit.Layer.StartClientTransaction(request, Udp);
        kit.AdvanceTo(1);

        Assert.Equal(SipReceiveOutcome.ResponseDelivered, kit.Receive(Response(request, 200)).Outcome);
        Assert.Equal(SipReceiveOutcome.ResponseAbsorbed, kit.Receive(Response(request, 200)).Outcome);
        Assert.Equal(200, Final(tx).StatusCode);
        kit.AdvanceTo(5.999);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        kit.AdvanceTo(6);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal([0, 0.5], Seconds(kit.Transport.All));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(404)]
    public void Non_invite_final_after_a_provisional_completes_without_an_ack_or_accepted_state(int status)
    {
        using var kit = new TransactionTestKit();
        var request = Request("MESSAGE");
        var tx = kit.Layer.StartClientTransaction(request, Udp);
        kit.Receive(Response(request, 100));

        Assert.Equal(SipReceiveOutcome.ResponseDelivered, kit.Receive(Response(request, status)).Outcome);

        // Completed for timer K (not INVITE's Accepted or Completed), and nothing sent: no ACK outside INVITE.
        Assert.Equal(SipTransactionState.Completed, tx.State);
        Assert.Equal(status, Final(tx).StatusCode);
        Assert.Equal([0], Seconds(kit.Transport.All));
        kit.AdvanceTo(5);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Non_invite_final_over_tcp_terminates_at_once()
    {
        using var kit = new TransactionTestKit();
        var request = Request("OPTIONS", transport: "TCP");
        var tx = kit.Layer.StartClientTransaction(request, Tcp);

        kit.Receive(Response(request, 404), Tcp);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void Responses_match_on_branch_and_cseq_method()
    {
        using var kit = new TransactionTestKit();
        var invite = Request("INVITE");
        var tx = kit.Layer.StartClientTransaction(invite, Udp);
        var cancel = Request("CANCEL");
        var cancelTx = kit.Layer.StartClientTransaction(cancel, Udp);

        kit.Receive(Response(cancel, 200));

        Assert.Equal(200, Final(cancelTx).StatusCode);
        Assert.Equal(SipTransactionState.Calling, tx.State);
        Assert.Equal(SipReceiveOutcome.StrayResponse, kit.Receive(Response(Request("INVITE", branch: "z9hG4bKnone"), 200)).Outcome);
    }

    [Fact]
    public void Transport_error_gives_a_local_503()
    {
        using var kit = new TransactionTestKit();
        kit.Transport.Fail = true;

        var tx = kit.Layer.StartClientTransaction(Request("OPTIONS"), Udp);

        Assert.Equal(503, Final(tx).StatusCode);
        Assert.True(tx.IsFinalResponseLocal);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void Client_transaction_beyond_the_limit_completes_with_a_local_503_without_sending()
    {
        using var kit = new TransactionTestKit(o => o.MaxTransactions = 1);
        kit.Layer.StartClientTransaction(Request("OPTIONS", branch: "z9hG4bK1"), Udp);

        var refused = kit.Layer.StartClientTransaction(Request("OPTIONS", branch: "z9hG4bK2"), Udp);

        Assert.Equal(503, Final(refused).StatusCode);
        Assert.Equal(SipTransactionState.Terminated, refused.State);
        Assert.Single(kit.Transport.All);
        Assert.Equal(1, kit.Layer.Count);
    }

    [Fact]
    public void Requests_a_client_transaction_cannot_take_are_bugs()
    {
        using var kit = new TransactionTestKit();
        kit.Layer.StartClientTransaction(Request("OPTIONS"), Udp);

        Assert.Throws<ArgumentException>(() => kit.Layer.StartClientTransaction(Request("OPTIONS"), Udp));
        Assert.Throws<ArgumentException>(() => kit.Layer.StartClientTransaction(Request("ACK", branch: "z9hG4bKx"), Udp));
        Assert.Throws<ArgumentException>(() => kit.Layer.StartClientTransaction(Request("OPTIONS", branch: "z9hG4bK"), Udp));
        Assert.Throws<ArgumentException>(() => kit.Layer.StartClientTransaction(Request("OPTIONS", branch: "1234"), Udp));
    }

    [Fact]
    public void Disposing_the_layer_ends_waiting_client_transactions_with_a_local_503()
    {
        var kit = new TransactionTestKit();
        var tx = kit.Layer.StartClientTransaction(Request("INVITE"), Udp);

        kit.Dispose();

        Assert.Equal(503, Final(tx).StatusCode);
        Assert.True(tx.Responses.TryRead(out var local));
        Assert.Same(Final(tx), local);
        Assert.True(tx.Responses.Completion.IsCompleted); // the reader ends once drained
    }
}
