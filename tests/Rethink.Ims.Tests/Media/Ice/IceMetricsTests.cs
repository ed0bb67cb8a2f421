using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Ice;
using static Rethink.Ims.Tests.Media.Ice.IceChecks;

namespace Rethink.Ims.Tests.Media.Ice;

public class IceMetricsTests
{
    [Fact]
    public void Checks_are_counted_by_outcome_and_nominations_expiries_and_unknown_datagrams_too()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new IceMetrics(factory);
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += $"|{tag.Key}={tag.Value}";
            }

            counts[key] = counts.GetValueOrDefault(key) + value;
        });
        listener.Start();
        var time = new FakeTimeProvider();
        using var agent = new IceLiteAgent(Local, new Wire().Send, timeProvider: time, metrics: metrics);
        agent.SetRemoteCredentials(RemoteUfrag, RemotePassword);

        agent.Receive(Request(), Browser);
        agent.Receive(Request(new Options { UseCandidate = true }), Browser);
        agent.Receive(Request(new Options { Password = RemotePassword }), Browser);
        agent.Receive(Request(new Options { Controlled = true, Controlling = false }), Browser);
        agent.Receive([0x50, 1, 2], Browser);
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(4, counts["rethink.ims.ice.checks.received"]);
        Assert.Equal(2, counts["rethink.ims.ice.checks.answered"]);
        Assert.Equal(1, counts["rethink.ims.ice.checks.rejected|reason=bad-integrity"]);
        Assert.Equal(1, counts["rethink.ims.ice.checks.rejected|reason=role-conflict"]);
        Assert.Equal(1, counts["rethink.ims.ice.nominations"]);
        Assert.Equal(1, counts["rethink.ims.ice.consent.expiries"]);
        Assert.Equal(1, counts["rethink.ims.ice.datagrams.dropped"]);
    }
}
