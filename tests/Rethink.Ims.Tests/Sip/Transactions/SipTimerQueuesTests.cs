using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Transactions;

namespace Rethink.Ims.Tests.Sip.Transactions;

public class SipTimerQueuesTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Entries_of_one_duration_fire_in_order_each_exactly_at_its_own_deadline()
    {
        var time = new FakeTimeProvider(Start);
        using var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        queues.Schedule(TimeSpan.FromSeconds(1), new Ticket("a", time, fired));
        time.Advance(TimeSpan.FromMilliseconds(100));
        queues.Schedule(TimeSpan.FromSeconds(1), new Ticket("b", time, fired));
        time.Advance(TimeSpan.FromMilliseconds(150));
        queues.Schedule(TimeSpan.FromSeconds(1), new Ticket("c", time, fired));

        Step(time, TimeSpan.FromSeconds(3));

        Assert.Equal(
            [("a", TimeSpan.FromMilliseconds(1000)), ("b", TimeSpan.FromMilliseconds(1100)), ("c", TimeSpan.FromMilliseconds(1250))],
            fired);
        Assert.Equal(0, queues.Pending);
    }

    [Fact]
    public void Durations_interleave_by_deadline_and_nothing_fires_a_moment_early()
    {
        var time = new FakeTimeProvider(Start);
        using var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        queues.Schedule(TimeSpan.FromSeconds(32), new Ticket("J", time, fired));
        queues.Schedule(TimeSpan.FromMilliseconds(500), new Ticket("E1", time, fired));
        queues.Schedule(TimeSpan.FromSeconds(5), new Ticket("K", time, fired));

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(fired);
        Step(time, TimeSpan.FromSeconds(31.5));
        Assert.Equal(["E1", "K"], fired.Select(f => f.Name));
        Step(time, TimeSpan.FromSeconds(0.5));

        Assert.Equal(
            [("E1", TimeSpan.FromMilliseconds(500)), ("K", TimeSpan.FromSeconds(5)), ("J", TimeSpan.FromSeconds(32))],
            fired);
    }

    [Fact]
    public void A_ticket_scheduled_while_its_queue_is_firing_waits_for_its_own_deadline()
    {
        var time = new FakeTimeProvider(Start);
        using var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        var again = new Ticket("again", time, fired);
        queues.Schedule(TimeSpan.FromSeconds(1), new Ticket("first", time, fired, () => queues.Schedule(TimeSpan.FromSeconds(1), again)));

        Step(time, TimeSpan.FromSeconds(3));

        Assert.Equal([("first", TimeSpan.FromSeconds(1)), ("again", TimeSpan.FromSeconds(2))], fired);
    }

    [Fact]
    public void A_busy_queue_of_a_long_timer_fires_in_batches_a_little_late_and_never_early()
    {
        // 4,096 timer-J entries started 0.25 ms apart (4,000 transactions a second): once a millisecond would be about 1,000
        // wake-ups to end them; batched while 1,024 or more wait, at most 1/64 of 32 s capped at 250 ms late.
        var time = new FakeTimeProvider(Start);
        using var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        for (var i = 0; i < 4096; i++)
        {
            queues.Schedule(TimeSpan.FromSeconds(32), new Ticket(i.ToString(System.Globalization.CultureInfo.InvariantCulture), time, fired));
            time.Advance(TimeSpan.FromTicks(2_500));
        }

        time.Advance(TimeSpan.FromSeconds(32) - (time.GetUtcNow() - Start));
        Step(time, TimeSpan.FromSeconds(1.4));

        Assert.Equal(4096, fired.Count);
        var lateness = fired.Select(f => f.At - TimeSpan.FromTicks(2_500 * long.Parse(f.Name, System.Globalization.CultureInfo.InvariantCulture)) - TimeSpan.FromSeconds(32)).ToList();
        Assert.All(lateness, late => Assert.InRange(late, TimeSpan.Zero, TimeSpan.FromMilliseconds(251)));
        // The last 1,023 entries wait in a queue that is no longer busy: exact deadlines again.
        var wakeUps = fired.Take(4096 - 1023).Select(f => f.At).Distinct().Count();
        Assert.InRange(wakeUps, 1, 6);
        Assert.Equal(0, queues.Pending);
    }

    [Fact]
    public void A_busy_queue_of_timer_K_batches_at_a_64th_of_its_duration()
    {
        // 4,096 timer-K entries (T4, 5 s) 1 ms apart, a proxy's BYEs at 1,000 calls a second: while the queue is busy,
        // batches at most 78.125 ms late, about 13 wake-ups a second instead of one per millisecond.
        var time = new FakeTimeProvider(Start);
        using var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        for (var i = 0; i < 4096; i++)
        {
            queues.Schedule(TimeSpan.FromSeconds(5), new Ticket(i.ToString(System.Globalization.CultureInfo.InvariantCulture), time, fired));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Step(time, TimeSpan.FromSeconds(5.2));

        Assert.Equal(4096, fired.Count);
        var lateness = fired.Select(f => f.At - TimeSpan.FromMilliseconds(long.Parse(f.Name, System.Globalization.CultureInfo.InvariantCulture)) - TimeSpan.FromSeconds(5)).ToList();
        Assert.All(lateness, late => Assert.InRange(late, TimeSpan.Zero, TimeSpan.FromMilliseconds(79)));
        Assert.Contains(lateness, late => late > TimeSpan.FromMilliseconds(40));
        // The first 3,073 entries (3.07 s of them) fall due while 1,024 or more wait.
        Assert.InRange(fired.Take(4096 - 1023).Select(f => f.At).Distinct().Count(), 30, 45);
    }

    [Fact]
    public void Stopped_timers_leave_the_queue_when_they_reach_its_head_not_at_their_deadlines()
    {
        // Ten timer-A entries 1 ms apart, all but the last stopped by a response (the usual case): when the first falls
        // due the queue drops the nine stopped ones at once and waits only for the live one.
        var time = new FakeTimeProvider(Start);
        using var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        var tickets = new List<Ticket>();
        for (var i = 0; i < 10; i++)
        {
            var ticket = new Ticket(i.ToString(System.Globalization.CultureInfo.InvariantCulture), time, fired);
            tickets.Add(ticket);
            queues.Schedule(TimeSpan.FromMilliseconds(500), ticket);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        tickets.Take(9).ToList().ForEach(t => t.IsCancelled = true);
        time.Advance(TimeSpan.FromMilliseconds(490));

        Assert.Equal(1, queues.Pending);
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal([("9", TimeSpan.FromMilliseconds(509))], fired);
    }

    [Fact]
    public void Queuing_a_timer_drops_the_stopped_ones_at_the_head()
    {
        // Timer C: 190 s entries nearly all stopped within seconds; the queue must not hold 190 s of them.
        var time = new FakeTimeProvider(Start);
        using var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        var first = new Ticket("first", time, fired);
        var second = new Ticket("second", time, fired);
        queues.Schedule(TimeSpan.FromSeconds(190), first);
        queues.Schedule(TimeSpan.FromSeconds(190), second);
        first.IsCancelled = true;
        second.IsCancelled = true;

        queues.Schedule(TimeSpan.FromSeconds(190), new Ticket("live", time, fired));

        Assert.Equal(1, queues.Pending);
    }

    [Fact]
    public void Nothing_fires_after_dispose()
    {
        var time = new FakeTimeProvider(Start);
        var queues = new SipTimerQueues(time);
        var fired = new List<(string Name, TimeSpan At)>();
        queues.Schedule(TimeSpan.FromSeconds(1), new Ticket("a", time, fired));

        queues.Dispose();
        queues.Schedule(TimeSpan.FromSeconds(1), new Ticket("b", time, fired));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(fired);
    }

    [Fact]
    public void Completed_non_invite_transactions_started_apart_each_end_at_their_own_64_T1()
    {
        using var kit = new TransactionTestKit();
        var first = kit.NewServer(TransactionTestKit.Request("REGISTER", branch: "z9hG4bK-first"));
        kit.Respond(first, 200);
        kit.AdvanceTo(10);
        var second = kit.NewServer(TransactionTestKit.Request("REGISTER", branch: "z9hG4bK-second"));
        kit.Respond(second, 401);

        kit.AdvanceTo(31.999);
        Assert.False(first.Completion.IsCompleted);
        kit.AdvanceTo(32);
        Assert.Equal(SipServerTransactionOutcome.Completed, TransactionTestKit.Ended(first));
        Assert.False(second.Completion.IsCompleted);
        Assert.Equal(1, kit.Layer.Count);

        kit.AdvanceTo(42);
        Assert.Equal(SipServerTransactionOutcome.Completed, TransactionTestKit.Ended(second));
        Assert.Equal(0, kit.Layer.Count);
    }

    /// <summary>Moves the clock in 1 ms steps, so a timer re-armed during a step fires at its own time.</summary>
    private static void Step(FakeTimeProvider time, TimeSpan by)
    {
        for (var i = 0; i < (int)by.TotalMilliseconds; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    private sealed class Ticket(string name, FakeTimeProvider time, List<(string, TimeSpan)> fired, Action? then = null) : SipTimerQueues.ITicket
    {
        public bool IsCancelled { get; set; }

        public void Fire()
        {
            fired.Add((name, time.GetUtcNow() - Start));
            then?.Invoke();
        }
    }
}
