using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// Metrics of DTLS-SRTP sessions, on the meter <c>Rethink.Ims.Media.Dtls</c>:
/// <c>rethink.ims.dtls.handshakes</c> (tags <c>role</c>, <c>status</c>), <c>rethink.ims.dtls.handshake.duration</c>
/// (seconds, same tags) and <c>rethink.ims.dtls.datagrams.dropped</c> (receive queue full or transport closed).
/// </summary>
public sealed class DtlsMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Media.Dtls";

    private readonly Counter<long> _handshakes;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _dropped;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public DtlsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _handshakes = meter.CreateCounter<long>("rethink.ims.dtls.handshakes", description: "DTLS-SRTP handshakes ended, by role and status.");
        _duration = meter.CreateHistogram<double>("rethink.ims.dtls.handshake.duration", unit: "s", description: "Time from start to end of a DTLS-SRTP handshake.");
        _dropped = meter.CreateCounter<long>("rethink.ims.dtls.datagrams.dropped", description: "Received DTLS datagrams dropped: queue full, closed, empty or oversized.");
    }

    internal void HandshakeEnded(DtlsRole role, string status, TimeSpan elapsed)
    {
        var tags = new TagList { { "role", role == DtlsRole.Client ? "client" : "server" }, { "status", status } };
        _handshakes.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    internal void DatagramDropped() => _dropped.Add(1);
}
