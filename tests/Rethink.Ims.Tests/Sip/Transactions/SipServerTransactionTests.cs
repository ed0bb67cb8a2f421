using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using static Rethink.Ims.Tests.Sip.Transactions.TransactionTestKit;

namespace Rethink.Ims.Tests.Sip.Transactions;

public class SipServerTransactionTests
{
    [Fact]
    public void Non_invite_retransmission_before_any_response_is_absorbed_silently()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("OPTIONS"));

        var again = kit.Receive(Request("OPTIONS"));

        Assert.Equal(SipReceiveOutcome.RequestRetransmission, again.Outcome);
        Assert.Same(tx, again.ServerTransaction);
        Assert.Equal(SipTransactionState.Trying, tx.State);
        Assert.Empty(kit.Transport.All);
    }

    [Fact]
    public void Non_invite_provisional_is_resent_to_a_retransmission_in_proceeding()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("REGISTER"));
        kit.Respond(tx, 100);

        kit.Receive(Request("REGISTER"));

        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        Assert.Equal([100, 100], kit.Transport.All.Select(s => s.Status));
        Assert.Same(kit.Transport.All[0].Message, kit.Transport.All[1].Message);
    }

    [Fact]
    public void Non_invite_final_is_resent_to_retransmissions_until_timer_j_at_64_T1_over_udp()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("OPTIONS"));
        kit.Respond(tx, 200);
        kit.AdvanceTo(10);
        kit.Receive(Request("OPTIONS"));
        kit.AdvanceTo(31.999);
        kit.Receive(Request("OPTIONS"));

        Assert.Equal(SipTransactionState.Completed, tx.State);
        Assert.Equal([0, 10, 31.999], Seconds(kit.Transport.All));
        Assert.All(kit.Transport.All, s => Assert.Equal(kit.Transport.All[0].Text, s.Text));

        kit.AdvanceTo(32);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(SipServerTransactionOutcome.Completed, Ended(tx));
        Assert.Equal(0, kit.Layer.Count);
        Assert.Equal(SipReceiveOutcome.NewServerTransaction, kit.Receive(Request("OPTIONS")).Outcome);
    }

    [Fact]
    public void Non_invite_over_tcp_terminates_when_the_final_response_is_sent()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("OPTIONS", transport: "TCP"), Tcp);

        kit.Respond(tx, 200);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(Tcp, kit.Transport.All[0].Destination);
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void A_second_final_response_is_refused()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("OPTIONS"));
        kit.Respond(tx, 200);

        Assert.False(TrySend(tx, 500));
        Assert.Single(kit.Transport.All);
    }

    [Fact]
    public void Invite_provisional_is_resent_to_a_retransmission_in_proceeding()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE"));
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Request("INVITE")).Outcome);
        Assert.Empty(kit.Transport.All);

        kit.Respond(tx, 180);
        kit.Receive(Request("INVITE"));

        Assert.Equal([180, 180], kit.Transport.All.Select(s => s.Status));
    }

    [Fact]
    public void Invite_non_2xx_final_is_retransmitted_by_timer_g_doubling_to_T2_until_timer_h_at_32_s()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE"));
        kit.Respond(tx, 486);

        kit.AdvanceTo(40);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], Seconds(kit.Transport.All));
        Assert.All(kit.Transport.All, s => Assert.Equal(486, s.Status));
        Assert.Equal(SipServerTransactionOutcome.AckTimeout, Ended(tx));
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void Invite_timer_h_fires_exactly_at_64_T1()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE"));
        kit.Respond(tx, 486);

        kit.AdvanceTo(31.999);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        kit.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Ack_of_a_non_2xx_final_is_absorbed_stops_timer_g_and_timer_i_ends_after_T4()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE"));
        kit.Respond(tx, 486);
        kit.AdvanceTo(1);

        var ack = kit.Receive(Request("ACK", toTag: "server-tag"));

        Assert.Equal(SipReceiveOutcome.AckAbsorbed, ack.Outcome);
        Assert.Same(tx, ack.ServerTransaction);
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
        Assert.Equal(SipReceiveOutcome.AckAbsorbed, kit.Receive(Request("ACK", toTag: "server-tag")).Outcome);
        Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Request("INVITE")).Outcome);
        kit.AdvanceTo(5.999);
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
        kit.AdvanceTo(6);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(SipServerTransactionOutcome.Completed, Ended(tx));
        Assert.Equal([0, 0.5], Seconds(kit.Transport.All));
    }

    [Fact]
    public void Invite_over_tcp_does_not_retransmit_timer_h_still_applies()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE", transport: "TCP"), Tcp);
        kit.Respond(tx, 603);

        kit.AdvanceTo(31.9);
        Assert.Single(kit.Transport.All);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        kit.AdvanceTo(32);
        Assert.Equal(SipServerTransactionOutcome.AckTimeout, Ended(tx));
    }

    [Fact]
    public void Invite_over_tcp_terminates_on_the_ack_timer_i_being_zero()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE", transport: "TCP"), Tcp);
        kit.Respond(tx, 603);

        kit.Receive(Request("ACK", transport: "TCP", toTag: "server-tag"), Tcp);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Invite_2xx_enters_accepted_absorbs_retransmissions_without_resending_and_timer_l_ends_it()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE"));
        kit.Respond(tx, 200);
        Assert.Equal(SipTransactionState.Accepted, tx.State);

        Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Request("INVITE")).Outcome);
        kit.Respond(tx, 200); // the TU (UAS core) retransmits its 2xx itself
        Assert.Equal(2, kit.Transport.All.Count);

        kit.AdvanceTo(31.999);
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        kit.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(2, kit.Transport.All.Count);
    }

    [Fact]
    public void Ack_of_a_2xx_with_its_own_branch_goes_to_the_transaction_user()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("INVITE"));
        kit.Respond(tx, 200);

        var ack = kit.Receive(Request("ACK", branch: "z9hG4bKack2xx", toTag: "server-tag"));

        Assert.Equal(SipReceiveOutcome.AckForTransactionUser, ack.Outcome);
        Assert.Null(ack.ServerTransaction);
    }

    [Fact]
    public void Cancel_is_its_own_transaction_and_exposes_the_matched_invite()
    {
        using var kit = new TransactionTestKit();
        var invite = kit.NewServer(Request("INVITE"));
        kit.Respond(invite, 180);

        var cancel = kit.NewServer(Request("CANCEL"));

        Assert.Same(invite, cancel.CancelTarget);
        Assert.True(invite.CancellationRequested.IsCancellationRequested);
        Assert.False(cancel.IsInvite);
        Assert.Equal(2, kit.Layer.Count);
        kit.Respond(cancel, 200);
        kit.Respond(cancel.CancelTarget!, 487);
        Assert.Equal([180, 200, 487], kit.Transport.All.Select(s => s.Status));
    }

    [Fact]
    public void Cancel_without_a_matching_invite_has_no_target()
    {
        using var kit = new TransactionTestKit();
        kit.NewServer(Request("INVITE", branch: "z9hG4bKother"));

        var cancel = kit.NewServer(Request("CANCEL"));

        Assert.Null(cancel.CancelTarget);
    }

    [Fact]
    public void Same_branch_from_another_sent_by_is_another_transaction()
    {
        using var kit = new TransactionTestKit();
        kit.NewServer(Request("OPTIONS"));
        var other = Request("OPTIONS");
        other.Headers.Set(SipHeaderId.Via, "SIP/2.0/UDP other.example.com:5060;branch=z9hG4bKabc123");

        Assert.Equal(SipReceiveOutcome.NewServerTransaction, kit.Receive(other).Outcome);
    }

    [Fact]
    public void Rfc2543_requests_match_on_uri_tags_call_id_cseq_and_top_via()
    {
        using var kit = new TransactionTestKit();
        var invite = kit.NewServer(Request("INVITE", branch: ""));
        kit.Respond(invite, 486);

        Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Request("INVITE", branch: "")).Outcome);
        Assert.Equal(SipReceiveOutcome.NewServerTransaction, kit.Receive(Request("INVITE", branch: "", cseq: 2)).Outcome);
        Assert.Equal(SipReceiveOutcome.NewServerTransaction, kit.Receive(Request("OPTIONS", branch: "")).Outcome);
        var ack = kit.Receive(Request("ACK", branch: "", toTag: "server-tag"));
        Assert.Equal(SipReceiveOutcome.AckAbsorbed, ack.Outcome);
        Assert.Same(invite, ack.ServerTransaction);
    }

    [Fact]
    public void Rfc2543_cancel_matches_its_invite()
    {
        using var kit = new TransactionTestKit();
        var invite = kit.NewServer(Request("INVITE", branch: "1234"));

        Assert.Same(invite, kit.NewServer(Request("CANCEL", branch: "1234")).CancelTarget);
    }

    [Fact]
    public void Badbranch_is_rejected_with_a_stateless_400_by_default()
    {
        using var kit = new TransactionTestKit();
        var request = Parse(File.ReadAllText("Sip/Conformance/rfc4475/badbranch.dat")).Request!;

        var result = kit.Receive(request);

        Assert.Equal(SipReceiveOutcome.RejectedBadRequest, result.Outcome);
        Assert.Equal(400, ((SipResponse)kit.Transport.All.Single().Wire).StatusCode);
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void Badbranch_is_served_with_rfc2543_matching_when_configured()
    {
        using var kit = new TransactionTestKit(o => o.CookieOnlyBranch = SipCookieOnlyBranchPolicy.Rfc2543Matching);
        var text = File.ReadAllText("Sip/Conformance/rfc4475/badbranch.dat");

        var tx = kit.NewServer(Parse(text).Request!);
        kit.Respond(tx, 200);

        Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Parse(text).Request!).Outcome);
        Assert.Equal([200, 200], kit.Transport.All.Select(s => s.Status));
    }

    [Fact]
    public void Ack_with_cookie_only_branch_is_dropped_without_answer()
    {
        using var kit = new TransactionTestKit();

        Assert.Equal(SipReceiveOutcome.RejectedBadRequest, kit.Receive(Request("ACK", branch: "z9hG4bK")).Outcome);
        Assert.Empty(kit.Transport.All);
    }

    [Fact]
    public void When_the_limit_is_reached_new_requests_get_a_stateless_503_with_retry_after()
    {
        using var kit = new TransactionTestKit(o => { o.MaxTransactions = 2; o.RetryAfterSeconds = 7; });
        kit.NewServer(Request("OPTIONS", branch: "z9hG4bK1"));
        kit.NewServer(Request("OPTIONS", branch: "z9hG4bK2"));

        var refused = kit.Receive(Request("OPTIONS", branch: "z9hG4bK3"));

        Assert.Equal(SipReceiveOutcome.RefusedOverload, refused.Outcome);
        var sent = (SipResponse)kit.Transport.All.Single().Wire;
        Assert.Equal(503, sent.StatusCode);
        Assert.Equal("7", sent.Headers.GetValue(SipHeaderId.RetryAfter).ToString());
        Assert.Equal(2, kit.Layer.Count);
        Assert.Equal(SipReceiveOutcome.RequestRetransmission, kit.Receive(Request("OPTIONS", branch: "z9hG4bK1")).Outcome);
    }

    [Fact]
    public void A_slot_freed_by_termination_admits_a_new_transaction()
    {
        using var kit = new TransactionTestKit(o => o.MaxTransactions = 1);
        var tx = kit.NewServer(Request("OPTIONS", transport: "TCP", branch: "z9hG4bK1"), Tcp);
        kit.Respond(tx, 200);

        Assert.Equal(SipReceiveOutcome.NewServerTransaction, kit.Receive(Request("OPTIONS", branch: "z9hG4bK2")).Outcome);
    }

    [Fact]
    public void Transport_error_on_the_final_response_ends_the_transaction()
    {
        using var kit = new TransactionTestKit();
        var tx = kit.NewServer(Request("OPTIONS"));
        kit.Transport.Fail = true;

        Assert.False(TrySend(tx, 200));
        Assert.Equal(SipServerTransactionOutcome.TransportError, Ended(tx));
        Assert.Equal(0, kit.Layer.Count);
    }

    [Fact]
    public void Responses_go_back_on_the_flow_the_request_came_on()
    {
        using var kit = new TransactionTestKit();
        var flow = Tcp with { Flow = new object() };
        var tx = kit.NewServer(Request("MESSAGE", transport: "TCP"), flow);

        kit.Respond(tx, 202);

        Assert.Same(flow.Flow, kit.Transport.All.Single().Destination.Flow);
    }

    [Fact]
    public void Concurrent_copies_of_one_request_create_exactly_one_transaction()
    {
        for (var round = 0; round < 20; round++)
        {
            using var kit = new TransactionTestKit();
            var copies = Enumerable.Range(0, 32).Select(_ => Request("INVITE", branch: "z9hG4bKrace" + round)).ToArray();
            var results = new SipReceiveResult[8][];
            Concurrency.RunTogether(8, t => results[t] = copies.Where((_, i) => i % 8 == t).Select(c => kit.Receive(c)).ToArray());

            var all = results.SelectMany(r => r).ToArray();
            Assert.Single(all, r => r.Outcome == SipReceiveOutcome.NewServerTransaction);
            Assert.Equal(31, all.Count(r => r.Outcome == SipReceiveOutcome.RequestRetransmission));
            Assert.Single(all.Select(r => r.ServerTransaction).Distinct());
            Assert.Equal(1, kit.Layer.Count);
        }
    }
}
