using System.Diagnostics.Metrics;

namespace Rethink.Ims.Tests;

/// <summary>
/// What the instruments of one meter (made by one factory, so parallel tests do not mix) measure, by
/// <c>instrument</c> or <c>instrument:first tag value</c>: counters summed, observable instruments as last read
/// (<see cref="ReadObservables"/>).
/// </summary>
internal sealed class MeterTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _totals = [];

    public MeterTotals(IMeterFactory factory, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = tags.Length > 0 ? $"{instrument.Name}:{tags[0].Value}" : instrument.Name;
            lock (_totals)
            {
                _totals[key] = instrument.IsObservable ? value : _totals.GetValueOrDefault(key) + value;
            }
        });
        _listener.Start();
    }

    public long this[string key]
    {
        get
        {
            lock (_totals)
            {
                return _totals[key];
            }
        }
    }

    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_totals)
            {
                return [.. _totals.Keys];
            }
        }
    }

    /// <summary>Reads the observable instruments now.</summary>
    public void ReadObservables() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();
}
