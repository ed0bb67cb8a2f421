using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsMetricsTests
{
    [Fact]
    public async Task Handshakes_are_counted_by_role_and_status_and_drops_are_counted()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new DtlsMetrics(factory);
        var handshakes = new List<string>();
        var dropped = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DtlsMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (handshakes)
            {
                if (instrument.Name == "rethink.ims.dtls.handshakes")
                {
                    var t = tags.ToArray();
                    handshakes.Add($"{t.Single(x => x.Key == "role").Value}:{t.Single(x => x.Key == "status").Value}");
                }
                else if (instrument.Name == "rethink.ims.dtls.datagrams.dropped")
                {
                    dropped += value;
                }
            }
        });
        listener.Start();

        await using (var session = new DtlsSrtpSession(
            DtlsRole.Server, DtlsPair.ServerCertificate, [DtlsPair.ClientCertificate.Fingerprint], _ => { },
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300), ReceiveQueueCapacity = 1 }, metrics: metrics))
        {
            session.TryDeliver([1]);
            session.TryDeliver([2]);
            await session.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        lock (handshakes)
        {
            Assert.Equal(["server:Timeout"], handshakes);
            Assert.Equal(1, dropped);
        }
    }
}
