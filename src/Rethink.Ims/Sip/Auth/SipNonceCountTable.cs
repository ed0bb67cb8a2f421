using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// The nonce-counts seen per nonce, bounded: at most <c>capacity</c> nonces, the oldest-issued forgotten first, and expired ones
/// dropped as new ones arrive. A window of 64 counts below the highest accepts requests that overtake each other.
/// </summary>
/// <remarks>
/// A nonce is only entered when first used. To tell "never used" from "forgotten", the table keeps a horizon: the latest issue time
/// of any nonce it dropped. A nonce issued at or before the horizon with no entry may have been used already, so the client is
/// asked for a fresh nonce (stale) rather than accepted blindly. Entries are structs held in the dictionary itself: one
/// nonce is used per registration and lives for the nonce lifetime, and an object per entry would be promoted through
/// every GC generation before it dies.
/// </remarks>
internal sealed class SipNonceCountTable
{
    private const int Window = 64;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, Entry> _entries = [];
    private readonly PriorityQueue<ulong, long> _byIssue = new();
    private readonly int _capacity;
    private readonly long _lifetimeMs;
    private long _horizonMs = long.MinValue;

    public SipNonceCountTable(int capacity, TimeSpan lifetime)
    {
        _capacity = capacity;
        _lifetimeMs = (long)lifetime.TotalMilliseconds;
    }

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

    /// <summary>Whether <paramref name="nc"/> of this nonce is still unused (no change).</summary>
    public SipNonceCountState Peek(ulong id, long issuedMs, uint nc)
    {
        lock (_gate)
        {
            return StateOf(id, issuedMs, nc, out _);
        }
    }

    /// <summary>Marks <paramref name="nc"/> used; fails (no change) when it is not <see cref="SipNonceCountState.Fresh"/>.</summary>
    public SipNonceCountState Use(ulong id, long issuedMs, uint nc, long nowMs)
    {
        lock (_gate)
        {
            var state = StateOf(id, issuedMs, nc, out var known);
            if (state != SipNonceCountState.Fresh)
            {
                return state;
            }

            if (!known)
            {
                Prune(nowMs);
                _byIssue.Enqueue(id, issuedMs);
            }

            // One lookup finds the entry or adds it; nothing changes the dictionary while the reference is held.
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, id, out _);
            if (!known)
            {
                entry = new Entry { IssuedMs = issuedMs }; // a 64-bit random collision replaces the older entry
            }

            if (nc > entry.Highest)
            {
                var shift = nc - entry.Highest;
                entry.Seen = shift >= Window ? 0 : entry.Seen << (int)shift;
                entry.Seen |= 1;
                entry.Highest = nc;
            }
            else
            {
                entry.Seen |= 1UL << (int)(entry.Highest - nc);
            }

            return SipNonceCountState.Fresh;
        }
    }

    private SipNonceCountState StateOf(ulong id, long issuedMs, uint nc, out bool known)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);
        known = !Unsafe.IsNullRef(ref entry) && entry.IssuedMs == issuedMs;
        if (!known)
        {
            return issuedMs <= _horizonMs ? SipNonceCountState.Forgotten : SipNonceCountState.Fresh;
        }

        if (nc > entry.Highest)
        {
            return SipNonceCountState.Fresh;
        }

        var back = entry.Highest - nc;
        return back < Window && (entry.Seen & (1UL << (int)back)) == 0 ? SipNonceCountState.Fresh : SipNonceCountState.Replayed;
    }

    private void Prune(long nowMs)
    {
        // Expired nonces are refused as stale anyway; over capacity, the oldest-issued go.
        while (_byIssue.TryPeek(out var id, out var issued) && (issued + _lifetimeMs < nowMs || _entries.Count >= _capacity))
        {
            _byIssue.Dequeue();
            if (_entries.TryGetValue(id, out var entry) && entry.IssuedMs == issued)
            {
                _entries.Remove(id);
            }

            _horizonMs = Math.Max(_horizonMs, issued);
        }
    }

    private struct Entry
    {
        public long IssuedMs;
        public uint Highest;
        public ulong Seen;
    }
}
