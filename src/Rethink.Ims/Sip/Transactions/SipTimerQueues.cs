namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// The transaction layer's timers: one first-in-first-out queue and one <see cref="ITimer"/> per distinct duration, instead
/// of a timer per transaction. Every transaction timer has one of a handful of durations (64 × T1 for B, F, H, J and L; T4;
/// T1 doubling up to T2 for retransmissions), so entries of one duration are queued in the order they fall due and the
/// queue's timer only ever waits for its head. Scheduling is an enqueue; a stopped timer is not dequeued but cancelled
/// (its ticket forgets its owner) and skipped when it falls due.
/// </summary>
/// <remarks>
/// Exact: an entry fires when the clock reaches its deadline, not on a coarser tick, so tests on a fake clock see each
/// timer at the instant RFC 3261 gives it. Callbacks run on the timer's thread, outside the queue's lock.
/// </remarks>
internal sealed class SipTimerQueues : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private readonly Dictionary<long, DeadlineQueue> _queues = [];
    private bool _disposed;

    public SipTimerQueues(TimeProvider time) => _time = time;

    /// <summary>Entries waiting, cancelled ones included (for tests).</summary>
    public int Pending
    {
        get
        {
            lock (_sync)
            {
                var total = 0;
                foreach (var queue in _queues.Values)
                {
                    total += queue.Count;
                }

                return total;
            }
        }
    }

    /// <summary>Calls <paramref name="ticket"/>'s <see cref="ITicket.Fire"/> once <paramref name="due"/> has passed.</summary>
    public void Schedule(TimeSpan due, ITicket ticket)
    {
        DeadlineQueue? queue;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            if (!_queues.TryGetValue(due.Ticks, out queue))
            {
                queue = new DeadlineQueue(this, due);
                _queues.Add(due.Ticks, queue);
            }
        }

        queue.Add(ticket);
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            foreach (var queue in _queues.Values)
            {
                queue.Dispose();
            }

            _queues.Clear();
        }
    }

    /// <summary>What a queue fires.</summary>
    internal interface ITicket
    {
        /// <summary>True once the timer was stopped or replaced: the queue drops it from its head without waiting for its deadline.</summary>
        bool IsCancelled { get; }

        void Fire();
    }

    private sealed class DeadlineQueue : IDisposable
    {
        private readonly SipTimerQueues _owner;
        private readonly long _dueTimestampTicks;

        // Batching under load: a queue of a long timer (timer J, K ...) with many entries would otherwise wake a thread
        // once a millisecond to end a few transactions each time, and each wake-up is a hand-off from the timer thread
        // to a pool thread and back (re-arming signals the timer thread). It waits at least this long instead (1/64 of
        // the duration, at most 250 ms: 78 ms for timer K, 250 ms for timer J), so its entries end up to that much late.
        // Few entries (every test but the batching one): exact deadlines.
        private const int BusyCount = 1024;
        private const int BatchDivisor = 64;
        private static readonly TimeSpan MaxBatch = TimeSpan.FromMilliseconds(250);
        private readonly long _batchTimestampTicks;
        private readonly Queue<(long Deadline, ITicket Ticket)> _items = new();
        private readonly Lock _sync = new();
        private readonly ITimer _timer;
        private bool _armed;
        private bool _running;

        public DeadlineQueue(SipTimerQueues owner, TimeSpan due)
        {
            _owner = owner;
            _dueTimestampTicks = TimestampTicks(due);
            _batchTimestampTicks = due >= TimeSpan.FromSeconds(1) ? Math.Min(_dueTimestampTicks / BatchDivisor, TimestampTicks(MaxBatch)) : 0;
            _timer = owner._time.CreateTimer(static s => ((DeadlineQueue)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public int Count
        {
            get
            {
                lock (_sync)
                {
                    return _items.Count;
                }
            }
        }

        public void Add(ITicket ticket)
        {
            lock (_sync)
            {
                // Stopped timers at the head go now rather than when the queue next fires: a long timer that is nearly
                // always stopped (timer C) then keeps only the entries behind its oldest live one.
                while (_items.TryPeek(out var head) && head.Ticket.IsCancelled)
                {
                    _items.Dequeue();
                }

                var deadline = _owner._time.GetTimestamp() + _dueTimestampTicks;
                _items.Enqueue((deadline, ticket));
                if (!_armed && !_running)
                {
                    Arm(_dueTimestampTicks);
                }
            }
        }

        public void Dispose() => _timer.Dispose();

        private long TimestampTicks(TimeSpan span) => (long)(span.Ticks * (_owner._time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

        private void OnTimer()
        {
            lock (_sync)
            {
                if (_running)
                {
                    return;
                }

                _running = true;
                _armed = false;
            }

            while (true)
            {
                ITicket ticket;
                lock (_sync)
                {
                    if (!_items.TryPeek(out var head))
                    {
                        _running = false;
                        return;
                    }

                    // A stopped timer at the head goes at once: most retransmission timers (A, E) are stopped by a
                    // response within milliseconds, and waiting for each one's deadline would wake the queue for nothing.
                    if (head.Ticket.IsCancelled)
                    {
                        _items.Dequeue();
                        continue;
                    }

                    var now = _owner._time.GetTimestamp();
                    if (head.Deadline > now)
                    {
                        _running = false;
                        var wait = head.Deadline - now;
                        Arm(_items.Count >= BusyCount ? Math.Max(wait, _batchTimestampTicks) : wait);
                        return;
                    }

                    ticket = _items.Dequeue().Ticket;
                }

                ticket.Fire();
            }
        }

        /// <summary>Caller holds the lock.</summary>
        private void Arm(long timestampTicks)
        {
            // Whole milliseconds, rounded up: timers have millisecond resolution, and a shorter wait would fire early and spin.
            var ticks = (long)Math.Ceiling(timestampTicks * (TimeSpan.TicksPerSecond / (double)_owner._time.TimestampFrequency));
            var milliseconds = Math.Max(1, (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
            try
            {
                _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
                _armed = true;
            }
            catch (ObjectDisposedException)
            {
                // The layer is being disposed: nothing fires any more.
            }
        }
    }
}
