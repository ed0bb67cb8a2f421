namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>What <c>mediaTest.stats()</c> reads from the page's RTCPeerConnection (getStats and states).</summary>
internal sealed record MediaPageStats(
    string Connection,
    string Ice,
    string Signaling,
    InboundAudioStats? Inbound,
    OutboundAudioStats? Outbound,
    RemoteInboundAudioStats? RemoteInbound,
    RemoteOutboundAudioStats? RemoteOutbound,
    TransportStats? Transport,
    CandidatePairStats? Pair)
{
    /// <summary>One line for failure messages.</summary>
    public override string ToString() =>
        $"connection {Connection}, ice {Ice}; in: {Inbound?.PacketsReceived ?? 0} packets {Inbound?.Codec} level {Inbound?.AudioLevel:0.000}; " +
        $"out: {Outbound?.PacketsSent ?? 0} packets {Outbound?.Codec}; peer's RR: {RemoteInbound?.ReportsReceived ?? 0} reports, lost {RemoteInbound?.PacketsLost}, rtt {RemoteInbound?.RoundTripTime}; " +
        $"peer's SR: {RemoteOutbound?.ReportsSent ?? 0} reports, {RemoteOutbound?.PacketsSent} packets; dtls {Transport?.DtlsState} ({Transport?.DtlsRole}) {Transport?.SrtpCipher}; " +
        $"pair {Pair?.Local} -> {Pair?.Remote}";
}

/// <summary>The inbound-rtp audio stats.</summary>
internal sealed record InboundAudioStats(
    long PacketsReceived,
    long BytesReceived,
    long PacketsLost,
    double Jitter,
    double AudioLevel,
    double TotalAudioEnergy,
    long TotalSamplesReceived,
    long ConcealedSamples,
    long Ssrc,
    string? Codec);

/// <summary>The outbound-rtp audio stats.</summary>
internal sealed record OutboundAudioStats(long PacketsSent, long BytesSent, long Ssrc, string? Codec);

/// <summary>The remote-inbound-rtp stats: what the peer's receiver reports say about the page's stream.</summary>
internal sealed record RemoteInboundAudioStats(long PacketsLost, double FractionLost, double Jitter, double? RoundTripTime, long ReportsReceived);

/// <summary>The remote-outbound-rtp stats: what the peer's sender reports say about its stream.</summary>
internal sealed record RemoteOutboundAudioStats(long PacketsSent, long BytesSent, long ReportsSent);

/// <summary>The transport stats.</summary>
internal sealed record TransportStats(string? DtlsState, string? DtlsRole, string? IceRole, string? SrtpCipher, string? TlsVersion);

/// <summary>The selected candidate pair.</summary>
internal sealed record CandidatePairStats(string? State, bool Nominated, string? Local, string? Remote);

/// <summary>What <c>mediaTest.measure()</c> heard: the median dominant frequency and each 100 ms reading.</summary>
internal sealed record ToneMeasurement(double MedianHz, IReadOnlyList<ToneReading> Readings)
{
    /// <summary>The share of readings with sound whose dominant frequency is within <paramref name="tolerance"/> Hz of <paramref name="frequency"/>.</summary>
    public double ShareNear(double frequency, double tolerance)
    {
        var heard = Readings.Where(r => r.Rms > 0.001).ToList();
        return heard.Count == 0 ? 0 : heard.Count(r => Math.Abs(r.Hz - frequency) <= tolerance) / (double)heard.Count;
    }

    /// <summary>Readings as text for failure messages.</summary>
    public override string ToString() =>
        $"median {MedianHz:0.0} Hz; readings (Hz/rms): " + string.Join(' ', Readings.Select(r => $"{r.Hz:0}/{r.Rms:0.000}"));
}

/// <summary>One analyser reading: the strongest frequency, its level in dB and the RMS of the waveform.</summary>
internal sealed record ToneReading(double Hz, double Db, double Rms);
