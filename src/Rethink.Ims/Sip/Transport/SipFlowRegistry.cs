using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// The open connection flows (TCP, TLS, WS, WSS) by id, and the connection counts the limits are checked
/// against. A flow leaves the registry when it closes.
/// </summary>
public sealed class SipFlowRegistry
{
    private readonly ConcurrentDictionary<string, SipFlow> _flows = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _lock = new();
    private int _reserved;

    /// <summary>Open connection flows.</summary>
    public int Count => _flows.Count;

    /// <summary>A snapshot of the open connection flows.</summary>
    public IReadOnlyCollection<SipFlow> Flows => [.. _flows.Values];

    /// <summary>Finds an open flow by <see cref="SipFlow.Id"/>.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out SipFlow? flow)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _flows.TryGetValue(id, out flow) && flow.IsOpen;
    }

    /// <summary>Counts a new connection from <paramref name="remote"/> unless a limit is reached; null when it may go ahead, else the reason.</summary>
    internal string? TryReserve(IPAddress remote, int maxTotal, int maxPerAddress)
    {
        lock (_lock)
        {
            if (_reserved >= maxTotal)
            {
                return "total-limit";
            }

            _perAddress.TryGetValue(remote, out var count);
            if (count >= maxPerAddress)
            {
                return "address-limit";
            }

            _perAddress[remote] = count + 1;
            _reserved++;
            return null;
        }
    }

    /// <summary>Gives back a reservation made by <see cref="TryReserve"/>.</summary>
    internal void Release(IPAddress remote)
    {
        lock (_lock)
        {
            if (_perAddress.TryGetValue(remote, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(remote);
                }
                else
                {
                    _perAddress[remote] = count - 1;
                }

                _reserved--;
            }
        }
    }

    internal void Add(SipFlow flow) => _flows[flow.Id] = flow;

    internal void Remove(SipFlow flow) => _flows.TryRemove(new KeyValuePair<string, SipFlow>(flow.Id, flow));
}
