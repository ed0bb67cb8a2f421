using System.Collections.Concurrent;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The little dialog state the media hook needs: which tag is the caller's, per Call-ID, so a BYE or re-INVITE from
/// either side names the call the same way. Bounded by count and age; kept only when a media anchor is configured.
/// </summary>
internal sealed class SipProxyDialogs(int capacity, TimeSpan lifetime, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string CallerTag, DateTimeOffset Expires)> _calls = new(StringComparer.Ordinal);

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

    public void Remove(string callId) => _calls.TryRemove(callId, out _);
}
