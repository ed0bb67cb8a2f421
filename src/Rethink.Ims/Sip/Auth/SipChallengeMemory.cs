using System.Numerics;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// Lets a stateless challenge (RFC 3261 §8.2.7: answered without a server transaction) be answered identically when the
/// request is retransmitted: remembers, per request identity (top Via branch and sent-by, Call-ID, CSeq, From tag, realm),
/// the issue time and id of the nonce it was challenged with, so the retransmission gets the same nonce and To tag and so
/// byte for byte the same response, as a transaction would have re-sent.
/// </summary>
/// <remarks>
/// A fixed table of plain structs (no objects per entry, nothing for the GC to trace), set-associative on a randomly seeded hash of the
/// identity, in sets of four slots: a newer challenge may take the oldest slot of its set, and an entry counts only while younger than
/// <see cref="_maxAge"/> (the 32 s a transaction would have kept the response). A forgotten identity just gets a fresh nonce,
/// which is what a stateless server without the table does. Thread-safe: slots are guarded by striped locks.
/// </remarks>
internal sealed class SipChallengeMemory
{
    private const int StripeCount = 64;

    // Four-way sets, oldest out: a retransmission comes within seconds, and a slot is lost only when four newer
    // challenges land in its set first (direct mapping would lose about one in 16 within 2 s at 8,000 challenges/s and
    // 262,144 slots, by arithmetic: 16,000 newer entries over 262,144 slots).
    private const int Ways = 4;

    private readonly Entry[] _entries;
    private readonly Lock[] _stripes;
    private readonly int _mask;
    private readonly long _maxAge;

    /// <param name="capacity">Slots, rounded up to a power of two.</param>
    /// <param name="maxAge">How long an entry answers retransmissions, in milliseconds.</param>
    public SipChallengeMemory(int capacity, long maxAge)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(StripeCount, capacity));
        _entries = new Entry[size];
        _mask = size - 1;
        _stripes = new Lock[StripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Lock();
        }

        _maxAge = maxAge;
    }

    /// <summary>A 64-bit digest of what identifies <paramref name="request"/>'s transaction (never 0), from two of the process's
    /// randomly seeded <see cref="HashCode"/>s. Not a MAC: an identity that collides with another on purpose only gets the
    /// other's nonce, which is no secret (it travels in clear and authenticates nothing without the password).</summary>
    public static ulong IdentityOf(SipRequest request, bool proxy, string realm)
    {
        var via = request.TopVia;
        var low = new HashCode();
        var high = new HashCode();
        high.Add(0x5f3759df);
        Add(ref low, ref high, via.Branch.Span);
        Add(ref low, ref high, via.Host.Span);
        Add(ref low, ref high, request.CallId.Span);
        Add(ref low, ref high, request.From.Tag.Span);
        var numbers = HashCode.Combine(via.Port ?? -1, request.CSeq.Number, proxy, realm);
        low.Add(numbers);
        high.Add(numbers);
        var identity = ((ulong)(uint)high.ToHashCode() << 32) | (uint)low.ToHashCode();
        return identity == 0 ? 1 : identity;
    }

    private static void Add(ref HashCode low, ref HashCode high, ReadOnlySpan<byte> value)
    {
        low.Add(value.Length);
        low.AddBytes(value);
        high.AddBytes(value);
        high.Add(value.Length);
    }

    /// <summary>The nonce issue time and id remembered for <paramref name="identity"/>, if still young enough at <paramref name="nowMs"/>.</summary>
    public bool TryGet(ulong identity, long nowMs, out long issuedMs, out ulong id)
    {
        var set = SetOf(identity);
        lock (_stripes[(set / Ways) & (StripeCount - 1)])
        {
            for (var i = set; i < set + Ways; i++)
            {
                ref var entry = ref _entries[i];
                if (entry.Identity == identity && nowMs - entry.IssuedMs <= _maxAge && entry.IssuedMs <= nowMs)
                {
                    issuedMs = entry.IssuedMs;
                    id = entry.Id;
                    return true;
                }
            }
        }

        issuedMs = 0;
        id = 0;
        return false;
    }

    /// <summary>Remembers the nonce (<paramref name="issuedMs"/>, <paramref name="id"/>) <paramref name="identity"/> was challenged
    /// with, in place of the oldest entry of its set.</summary>
    public void Remember(ulong identity, long issuedMs, ulong id)
    {
        var set = SetOf(identity);
        lock (_stripes[(set / Ways) & (StripeCount - 1)])
        {
            var oldest = set;
            for (var i = set + 1; i < set + Ways; i++)
            {
                if (_entries[i].IssuedMs < _entries[oldest].IssuedMs)
                {
                    oldest = i;
                }
            }

            _entries[oldest] = new Entry(identity, issuedMs, id);
        }
    }

    /// <summary>The first slot of the set of <see cref="Ways"/> slots <paramref name="identity"/> may live in.</summary>
    private int SetOf(ulong identity) => (int)(identity & (ulong)_mask) & ~(Ways - 1);

    private readonly record struct Entry(ulong Identity, long IssuedMs, ulong Id);
}
