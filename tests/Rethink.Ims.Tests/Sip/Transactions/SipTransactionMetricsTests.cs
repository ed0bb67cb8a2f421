using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Transactions;
using static Rethink.Ims.Tests.Sip.Transactions.TransactionTestKit;

namespace Rethink.Ims.Tests.Sip.Transactions;

public class SipTransactionMetricsTests
{
    [Fact]
    public void Live_transactions_timeouts_retransmissions_and_refusals_are_measured()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var seen = new MeterTotals(factory, SipTransactionMetrics.MeterName);
        using var kit = new TransactionTestKit(o => o.MaxTransactions = 2, new SipTransactionMetrics(factory));

        kit.NewServer(Request("OPTIONS", branch: "z9hG4bKs"));
        var client = kit.Layer.StartClientTransaction(Request("INVITE", branch: "z9hG4bKc"), Udp);
        kit.Receive(Request("OPTIONS", branch: "z9hG4bKrefused"));
        kit.AdvanceTo(32);
        seen.ReadObservables(); // the live counts

        Assert.Equal(408, Final(client).StatusCode);
        Assert.Equal(1, seen["rethink.ims.sip.transactions.active:server-non-invite"]);
        Assert.Equal(0, seen["rethink.ims.sip.transactions.active:client-invite"]);
        Assert.Equal(0, seen["rethink.ims.sip.transactions.active:server-invite"]);
        Assert.Equal(6, seen["rethink.ims.sip.transactions.retransmissions:request"]);
        Assert.Equal(1, seen["rethink.ims.sip.transactions.timeouts:B"]);
        Assert.Equal(1, seen["rethink.ims.sip.transactions.refused"]);
    }
}
