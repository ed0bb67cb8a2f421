using System.Collections.Concurrent;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The little dialog state the media hook needs: which tag is the caller's, per Call-ID, so a BYE or re-INVITE from
/// either side names the call the same way (from its first provisional with a To tag), and which calls have an offer made in
/// a response waiting for the caller's answer (PRACK or ACK). Bounded by count and age; kept only when a media anchor is
/// configured.
/// </summary>
internal sealed class SipProxyDialogs(int capacity, TimeSpan lifetime, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string CallerTag, DateTimeOffset Expires)> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pendingOffers = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    public void Add(string callId, string callerTag)
    {
        var now = time.GetUtcNow();
        if (_calls.Count >= capacity)
        {
            foreach (var entry in _calls)
            {
                if (entry.Value.Expires <= now)
                {
                    _calls.TryRemove(entry);
                }
            }

            if (_calls.Count >= capacity)
            {
                return;
            }
        }

        _calls[callId] = (callerTag, now + lifetime);
    }

    public string? CallerTag(string callId) =>
        _calls.TryGetValue(callId, out var entry) && entry.Expires > time.GetUtcNow() ? entry.CallerTag : null;

    public void Remove(string callId)
    {
        _calls.TryRemove(callId, out _);
        _pendingOffers.TryRemove(callId, out _);
    }

    /// <summary>The callee made an offer in a response (late offer): the caller's next SDP (PRACK or ACK) is its answer.</summary>
    public void OfferPending(string callId)
    {
        var now = time.GetUtcNow();
        if (_pendingOffers.Count >= capacity)
        {
            foreach (var entry in _pendingOffers)
            {
                if (entry.Value <= now)
                {
                    _pendingOffers.TryRemove(entry);
                }
            }

            if (_pendingOffers.Count >= capacity)
            {
                return;
            }
        }

        _pendingOffers[callId] = now + lifetime;
    }

    /// <summary>True (once) when an offer made in a response waits for its answer.</summary>
    public bool TakePendingOffer(string callId) =>
        _pendingOffers.TryRemove(callId, out var expires) && expires > time.GetUtcNow();
}
