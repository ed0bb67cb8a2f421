using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Ice;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// The bridge's metrics for one test: a <see cref="MediaBridgeMetrics"/> and an <see cref="IceMetrics"/> on a meter factory of its own, and a listener
/// that sums every counter by name and tags (<c>rethink.ims.media.packets.dropped{leg=webrtc,reason=...}</c>), so a
/// failure can say why packets were dropped.
/// </summary>
internal sealed class BridgeMetricsRecorder : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);

    public BridgeMetricsRecorder()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is MediaBridgeMetrics.MeterName or IceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + "{" + string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}")) + "}";
            _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        _listener.Start();
        Metrics = new MediaBridgeMetrics(factory);
        Ice = new IceMetrics(factory);
    }

    /// <summary>The metrics to give the bridge.</summary>
    public MediaBridgeMetrics Metrics { get; }

    /// <summary>The ICE metrics to give the bridge (its legs' agents).</summary>
    public IceMetrics Ice { get; }

    /// <summary>The sum of one counter over the tag sets that contain every one of <paramref name="tags"/> (<c>reason=transcode_failed</c>).</summary>
    public long Sum(string name, params string[] tags) =>
        _sums.Where(p => p.Key.StartsWith(name + "{", StringComparison.Ordinal) && tags.All(t => p.Key.Contains(t, StringComparison.Ordinal))).Sum(p => p.Value);

    /// <summary>Every non-zero sum, one per line.</summary>
    public string Describe() => "bridge metrics: " + string.Join("; ", _sums.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
