using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Rethink.Ims.Credentials;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// Lets a stateless challenge (RFC 3261 §8.2.7: answered without a server transaction) be answered identically when the
/// request is retransmitted: remembers, per request identity (top Via branch and sent-by, Call-ID, CSeq, From tag, realm),
/// the issue time and id of the nonce it was challenged with, so the retransmission gets the same nonce and To tag and so
/// byte for byte the same response, as a transaction would have re-sent.
/// </summary>
/// <remarks>
/// A fixed table of plain structs (no objects per entry, nothing for the GC to trace), direct-mapped on a keyed hash of the
/// identity: a newer challenge may take an older one's slot, and an entry counts only while younger than
/// <see cref="_maxAge"/> (the 32 s a transaction would have kept the response). A forgotten identity just gets a fresh nonce,
/// which is what a stateless server without the table does. Thread-safe: slots are guarded by striped locks.
/// </remarks>
internal sealed class SipChallengeMemory
{
    private const int StripeCount = 64;

    private readonly Entry[] _entries;
    private readonly Lock[] _stripes;
    private readonly int _mask;
    private readonly HmacSha1Key _key;
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

        _key = new HmacSha1Key(RandomNumberGenerator.GetBytes(32));
        _maxAge = maxAge;
    }

    /// <summary>A keyed 64-bit digest of what identifies <paramref name="request"/>'s transaction (never 0).</summary>
    public ulong IdentityOf(SipRequest request, bool proxy, string realm)
    {
        var via = request.TopVia;
        var callId = request.CallId.Span;
        var branch = via.Branch.Span;
        var host = via.Host.Span;
        var fromTag = request.From.Tag.Span;
        var length = branch.Length + host.Length + callId.Length + fromTag.Length + (realm.Length * 3) + 64;
        byte[]? rented = null;
        Span<byte> input = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var at = 0;
        Append(input, ref at, branch);
        Append(input, ref at, host);
        Append(input, ref at, callId);
        Append(input, ref at, fromTag);
        BinaryPrimitives.WriteInt32LittleEndian(input[at..], via.Port ?? -1);
        BinaryPrimitives.WriteUInt32LittleEndian(input[(at + 4)..], request.CSeq.Number);
        input[at + 8] = proxy ? (byte)1 : (byte)0;
        at += 9;
        at += System.Text.Encoding.UTF8.GetBytes(realm, input[at..]);
        Span<byte> mac = stackalloc byte[HmacSha1Key.MacSize];
        _key.Compute(input[..at], mac);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        var identity = BinaryPrimitives.ReadUInt64LittleEndian(mac);
        return identity == 0 ? 1 : identity;
    }

    /// <summary>The nonce issue time and id remembered for <paramref name="identity"/>, if still young enough at <paramref name="nowMs"/>.</summary>
    public bool TryGet(ulong identity, long nowMs, out long issuedMs, out ulong id)
    {
        var slot = (int)(identity & (ulong)_mask);
        lock (_stripes[slot & (StripeCount - 1)])
        {
            ref var entry = ref _entries[slot];
            if (entry.Identity == identity && nowMs - entry.IssuedMs <= _maxAge && entry.IssuedMs <= nowMs)
            {
                issuedMs = entry.IssuedMs;
                id = entry.Id;
                return true;
            }
        }

        issuedMs = 0;
        id = 0;
        return false;
    }

    /// <summary>Remembers the nonce (<paramref name="issuedMs"/>, <paramref name="id"/>) <paramref name="identity"/> was challenged with.</summary>
    public void Remember(ulong identity, long issuedMs, ulong id)
    {
        var slot = (int)(identity & (ulong)_mask);
        lock (_stripes[slot & (StripeCount - 1)])
        {
            _entries[slot] = new Entry(identity, issuedMs, id);
        }
    }

    private static void Append(Span<byte> destination, ref int at, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination[at..], value.Length);
        value.CopyTo(destination[(at + 4)..]);
        at += 4 + value.Length;
    }

    private readonly record struct Entry(ulong Identity, long IssuedMs, ulong Id);
}
