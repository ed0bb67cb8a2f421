namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// Counts failed attempts per key (a source address, a username) in a fixed window, in a table of bounded size: when full, the
/// entry whose window started first is dropped. Thread-safe.
/// </summary>
internal sealed class SipAttemptLimiter
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byStart = new();
    private readonly int _maxFailures;
    private readonly long _windowTicks;
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public SipAttemptLimiter(int maxFailures, TimeSpan window, int capacity, TimeProvider time)
    {
        _maxFailures = maxFailures;
        _windowTicks = window.Ticks;
        _capacity = capacity;
        _time = time;
    }

    public bool Enabled => _maxFailures > 0;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>True when <paramref name="key"/> reached the limit within its current window; <paramref name="retryAfter"/> is what is left of it.</summary>
    public bool IsBlocked(string key, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!Enabled)
        {
            return false;
        }

        var now = _time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return false;
            }

            var end = node.Value.StartTicks + _windowTicks;
            if (now >= end || node.Value.Failures < _maxFailures)
            {
                return false;
            }

            retryAfter = TimeSpan.FromTicks(end - now);
            return true;
        }
    }

    public void RecordFailure(string key)
    {
        if (!Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (now < node.Value.StartTicks + _windowTicks)
                {
                    node.Value.Failures++;
                    return;
                }

                // The window is over: start a new one at the young end of the list.
                _byStart.Remove(node);
                _entries.Remove(key);
            }

            while (_byStart.First is { } oldest && (_entries.Count >= _capacity || now >= oldest.Value.StartTicks + _windowTicks))
            {
                _entries.Remove(oldest.Value.Key);
                _byStart.RemoveFirst();
            }

            _entries[key] = _byStart.AddLast(new Entry { Key = key, StartTicks = now, Failures = 1 });
        }
    }

    public void Reset(string key)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(key, out var node))
            {
                _byStart.Remove(node);
            }
        }
    }

    private sealed class Entry
    {
        public required string Key;
        public long StartTicks;
        public int Failures;
    }
}
