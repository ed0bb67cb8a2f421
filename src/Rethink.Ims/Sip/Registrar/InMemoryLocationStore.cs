using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// An <see cref="ILocationStore"/> in this process. Each address-of-record holds an immutable entry that writers swap
/// (compare-and-swap on the entry reference), so reads never lock and concurrent writers to one address-of-record
/// serialise through <see cref="LocationWriteStatus.Conflict"/>. Expired bindings are hidden from reads at once and
/// dropped by a periodic sweep (<see cref="SipRegistrarOptions.SweepInterval"/>) or by the next write.
/// The total number of bindings is bounded by <see cref="SipRegistrarOptions.MaxBindings"/>.
/// </summary>
public sealed class InMemoryLocationStore : ILocationStore, IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _aors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _flows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SipRegistrarMetrics? _metrics;
    private readonly int _maxBindings;
    private readonly ITimer? _sweep;
    private long _bindingCount;
    private long _versionSeed;

    /// <summary>Creates the store; the sweep timer runs on <paramref name="timeProvider"/>.</summary>
    public InMemoryLocationStore(IOptions<SipRegistrarOptions> options, TimeProvider timeProvider, SipRegistrarMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value;
        _time = timeProvider;
        _metrics = metrics;
        _maxBindings = value.MaxBindings;
        _sweep = value.SweepInterval > TimeSpan.Zero
            ? timeProvider.CreateTimer(static state => ((InMemoryLocationStore)state!).Sweep(), this, value.SweepInterval, value.SweepInterval)
            : null;
    }

    /// <summary>The bindings stored, expired ones not yet swept included.</summary>
    public long BindingCount => Interlocked.Read(ref _bindingCount);

    /// <summary>The addresses-of-record stored.</summary>
    public int AorCount => _aors.Count;

    /// <inheritdoc/>
    public ValueTask<LocationRecord> GetAsync(string aor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aor);
        if (!_aors.TryGetValue(aor, out var entry))
        {
            return ValueTask.FromResult(new LocationRecord(aor, 0, []));
        }

        return ValueTask.FromResult(new LocationRecord(aor, entry.Version, LiveBindings(entry.Bindings, _time.GetUtcNow())));
    }

    /// <summary>The bindings that have not lapsed at <paramref name="now"/>: the stored array itself when all are live (the usual case).</summary>
    private static ImmutableArray<SipBinding> LiveBindings(ImmutableArray<SipBinding> bindings, DateTimeOffset now)
    {
        foreach (var binding in bindings)
        {
            if (!binding.IsLive(now))
            {
                return OnlyLive(bindings, now);
            }
        }

        return bindings;

        // Apart, so that the common path above does not allocate the lambda's closure.
        static ImmutableArray<SipBinding> OnlyLive(ImmutableArray<SipBinding> bindings, DateTimeOffset now) =>
            bindings.Where(b => b.IsLive(now)).ToImmutableArray();
    }

    /// <inheritdoc/>
    public ValueTask<LocationWriteStatus> TryReplaceAsync(string aor, long expectedVersion, IReadOnlyList<SipBinding> bindings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aor);
        ArgumentNullException.ThrowIfNull(bindings);
        _aors.TryGetValue(aor, out var current);
        if ((current?.Version ?? 0) != expectedVersion)
        {
            return ValueTask.FromResult(LocationWriteStatus.Conflict);
        }

        var next = bindings.ToImmutableArray();
        var delta = next.Length - (current?.Bindings.Length ?? 0);
        if (delta > 0 && Interlocked.Add(ref _bindingCount, delta) > _maxBindings)
        {
            Interlocked.Add(ref _bindingCount, -delta);
            return ValueTask.FromResult(LocationWriteStatus.StoreFull);
        }

        if (!TrySwap(aor, current, next))
        {
            if (delta > 0)
            {
                Interlocked.Add(ref _bindingCount, -delta);
            }

            return ValueTask.FromResult(LocationWriteStatus.Conflict);
        }

        if (delta < 0)
        {
            Interlocked.Add(ref _bindingCount, delta);
        }

        Swapped(aor, current, next, delta);
        return ValueTask.FromResult(LocationWriteStatus.Written);
    }

    /// <inheritdoc/>
    public ValueTask<int> RemoveFlowAsync(string flowId, bool markOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        if (!_flows.TryRemove(flowId, out var aors))
        {
            return ValueTask.FromResult(0);
        }

        var affected = 0;
        foreach (var aor in aors.Keys)
        {
            affected += Rewrite(aor, bindings =>
            {
                var builder = ImmutableArray.CreateBuilder<SipBinding>(bindings.Length);
                var hits = 0;
                foreach (var b in bindings)
                {
                    if (!string.Equals(b.FlowId, flowId, StringComparison.Ordinal) || (markOnly && b.IsFlowClosed))
                    {
                        builder.Add(b);
                        continue;
                    }

                    hits++;
                    if (markOnly)
                    {
                        builder.Add(b with { IsFlowClosed = true });
                    }
                }

                return (builder.ToImmutable(), hits);
            });
        }

        return ValueTask.FromResult(affected);
    }

    /// <inheritdoc/>
    public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Sweep());

    /// <summary>Stops the sweep timer.</summary>
    public void Dispose() => _sweep?.Dispose();

    private int Sweep()
    {
        var removed = 0;
        foreach (var aor in _aors.Keys)
        {
            removed += Rewrite(aor, bindings =>
            {
                var now = _time.GetUtcNow();
                var live = bindings.RemoveAll(b => !b.IsLive(now));
                return (live, bindings.Length - live.Length);
            });
        }

        PruneFlowIndex();
        return removed;
    }

    private void PruneFlowIndex()
    {
        foreach (var (flowId, aors) in _flows)
        {
            foreach (var aor in aors.Keys)
            {
                if (!_aors.TryGetValue(aor, out var entry) || !entry.Bindings.Any(b => string.Equals(b.FlowId, flowId, StringComparison.Ordinal)))
                {
                    aors.TryRemove(aor, out _);
                }
            }

            if (aors.IsEmpty)
            {
                _flows.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(flowId, aors));
            }
        }
    }

    /// <summary>Applies a shrinking or same-size change to one address-of-record until it sticks; returns the change's hit count.</summary>
    private int Rewrite(string aor, Func<ImmutableArray<SipBinding>, (ImmutableArray<SipBinding> Next, int Hits)> change)
    {
        while (_aors.TryGetValue(aor, out var current))
        {
            var (next, hits) = change(current.Bindings);
            if (hits == 0)
            {
                return 0;
            }

            if (TrySwap(aor, current, next))
            {
                var delta = next.Length - current.Bindings.Length;
                Interlocked.Add(ref _bindingCount, delta);
                Swapped(aor, current, next, delta);
                return hits;
            }
        }

        return 0;
    }

    private bool TrySwap(string aor, Entry? current, ImmutableArray<SipBinding> next)
    {
        if (current is null)
        {
            return next.IsEmpty || _aors.TryAdd(aor, new Entry(Interlocked.Increment(ref _versionSeed), next));
        }

        return next.IsEmpty
            ? _aors.TryRemove(new KeyValuePair<string, Entry>(aor, current))
            : _aors.TryUpdate(aor, new Entry(Interlocked.Increment(ref _versionSeed), next), current);
    }

    private void Swapped(string aor, Entry? current, ImmutableArray<SipBinding> next, int delta)
    {
        _metrics?.BindingsChanged(delta);
        _metrics?.AorsChanged((next.IsEmpty ? 0 : 1) - (current is null ? 0 : 1));
        foreach (var b in next)
        {
            if (b.FlowId is { } flowId && !b.IsFlowClosed)
            {
                _flows.GetOrAdd(flowId, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(aor, 0);
            }
        }
    }

    /// <summary>One address-of-record's bindings; compared by reference, so a swap fails if anyone wrote in between.</summary>
    private sealed class Entry(long version, ImmutableArray<SipBinding> bindings)
    {
        public long Version { get; } = version;

        public ImmutableArray<SipBinding> Bindings { get; } = bindings;
    }
}
