using System.Net;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// Remembers the reply to each (cookie, sender) so that a retransmitted request is answered again
/// without running the command twice. Replies expire <c>ttl</c> after they were sent; the cache holds at
/// most <c>maxEntries</c> requests and <c>maxBytes</c> of replies, dropping the oldest replies first.
/// Thread-safe.
/// </summary>
internal sealed class NgReplyCache
{
    private readonly TimeSpan _ttl;
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly LinkedList<Entry> _answered = [];
    private readonly Lock _lock = new();
    private long _bytes;

    public NgReplyCache(TimeSpan ttl, int maxEntries, long maxBytes, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentNullException.ThrowIfNull(time);
        _ttl = ttl;
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
        _time = time;
    }

    /// <summary>Requests remembered, executing or answered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                Sweep();
                return _entries.Count;
            }
        }
    }

    /// <summary>Bytes of replies held.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                Sweep();
                return _bytes;
            }
        }
    }

    /// <summary>Looks a request up and, when it is new, marks it as executing.</summary>
    public NgReplyCacheLookup Begin(string cookie, IPEndPoint sender, out byte[]? reply)
    {
        var key = new Key(cookie, sender);
        lock (_lock)
        {
            Sweep();
            if (_entries.TryGetValue(key, out var entry))
            {
                reply = entry.Reply;
                return reply is null ? NgReplyCacheLookup.InProgress : NgReplyCacheLookup.Replay;
            }

            reply = null;
            if (_entries.Count >= _maxEntries && _answered.First is { } oldest)
            {
                Remove(oldest.Value);
            }

            // When every slot holds an executing request, this one runs untracked rather than being refused.
            if (_entries.Count < _maxEntries)
            {
                _entries.Add(key, new Entry(key));
            }

            return NgReplyCacheLookup.New;
        }
    }

    /// <summary>Stores the reply to a request that <see cref="Begin"/> reported as new.</summary>
    public void Complete(string cookie, IPEndPoint sender, byte[] reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (_lock)
        {
            if (!_entries.TryGetValue(new Key(cookie, sender), out var entry) || entry.Reply is not null)
            {
                return;
            }

            entry.Reply = reply;
            entry.ExpiresAt = _time.GetUtcNow() + _ttl;
            entry.Node = _answered.AddLast(entry);
            _bytes += reply.Length;
            while (_bytes > _maxBytes && _answered.First is { } oldest)
            {
                Remove(oldest.Value);
            }
        }
    }

    /// <summary>Forgets a request that ended without a reply (the server is stopping), so that a retransmission runs it.</summary>
    public void Abandon(string cookie, IPEndPoint sender)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(new Key(cookie, sender), out var entry) && entry.Reply is null)
            {
                _entries.Remove(entry.Key);
            }
        }
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        while (_answered.First is { } oldest && oldest.Value.ExpiresAt <= now)
        {
            Remove(oldest.Value);
        }
    }

    private void Remove(Entry entry)
    {
        _entries.Remove(entry.Key);
        if (entry.Node is not null)
        {
            _answered.Remove(entry.Node);
            _bytes -= entry.Reply!.Length;
            entry.Node = null;
        }
    }

    private readonly record struct Key(string Cookie, IPEndPoint Sender);

    private sealed class Entry(Key key)
    {
        public Key Key { get; } = key;

        public byte[]? Reply { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }

        public LinkedListNode<Entry>? Node { get; set; }
    }
}
