using System.Diagnostics.Metrics;

namespace Rethink.Ims.Sip.Services;

/// <summary>The echo service's instruments (meter <c>Rethink.Ims.Sip.Services</c>).</summary>
public sealed class SipEchoMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Rethink.Ims.Sip.Services";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _packets;
    private readonly UpDownCounter<long> _active;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SipEchoMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("rethink.ims.sip.echo.calls", "{call}", "Calls the echo service answered or refused, by outcome.");
        _packets = meter.CreateCounter<long>("rethink.ims.sip.echo.packets", "{packet}", "RTP packets the echo service returned.");
        _active = meter.CreateUpDownCounter<long>("rethink.ims.sip.echo.active_calls", "{call}", "Calls the echo service holds now.");
    }

    internal void Call(string outcome) => _calls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    internal void Packet() => _packets.Add(1);

    internal void Active(int delta) => _active.Add(delta);
}
