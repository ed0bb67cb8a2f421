namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// Carries RFC 4733 telephone events between two legs whose RTP clocks differ in rate and origin,
/// say <c>telephone-event/8000</c> towards an IMS core and <c>telephone-event/48000</c> towards a
/// browser: rescales timestamps and durations, and splits durations that overflow 16 bits.
/// </summary>
/// <remarks>
/// <para>
/// The two legs' clocks are tied by one pair of timestamps that stand for the same instant
/// (<c>sourceOrigin</c>, <c>targetOrigin</c>), typically the audio packets the bridge forwarded
/// together; timestamps are read relative to the origin as signed 32-bit differences, so
/// wrap-around is handled for instants within 2^31 ticks of the origin on both legs (12.4 hours
/// at 48 kHz); a bridge moves the origin on for longer calls.
/// </para>
/// <para>
/// A duration is translated as the difference of the translated end and start, both rounded down,
/// so successive reports of one event agree with each other and a round trip back to the source
/// rate gives the source values. Going up in rate (8 to 48 kHz) multiplies durations by 6 and
/// 0xFFFF ticks last only 1.37 s at 48 kHz: a longer event continues in segments, each with a new
/// timestamp 0xFFFF ticks after the previous one (RFC 4733 section 2.5.1.3).
/// </para>
/// <para>Stateless apart from its configuration; thread-safe.</para>
/// </remarks>
public sealed class TelephoneEventTranslator
{
    private const uint SegmentTicks = ushort.MaxValue;

    private readonly uint _sourceOrigin;
    private readonly uint _targetOrigin;

    /// <summary>Creates a translator.</summary>
    /// <param name="sourceClockRate">RTP clock rate of telephone-event on the source leg, in Hz.</param>
    /// <param name="targetClockRate">RTP clock rate of telephone-event on the target leg, in Hz.</param>
    /// <param name="sourceOrigin">A source-leg RTP timestamp...</param>
    /// <param name="targetOrigin">...and the target-leg RTP timestamp of the same instant.</param>
    /// <exception cref="ArgumentOutOfRangeException">A clock rate is not positive.</exception>
    public TelephoneEventTranslator(int sourceClockRate, int targetClockRate, uint sourceOrigin, uint targetOrigin)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceClockRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetClockRate);
        SourceClockRate = sourceClockRate;
        TargetClockRate = targetClockRate;
        _sourceOrigin = sourceOrigin;
        _targetOrigin = targetOrigin;
    }

    /// <summary>RTP clock rate on the source leg, in Hz.</summary>
    public int SourceClockRate { get; }

    /// <summary>RTP clock rate on the target leg, in Hz.</summary>
    public int TargetClockRate { get; }

    /// <summary>Maps a source-leg RTP timestamp to the target leg (rounded down).</summary>
    /// <param name="sourceTimestamp">RTP timestamp on the source leg.</param>
    /// <returns>The target-leg timestamp of the same instant.</returns>
    public uint TranslateTimestamp(uint sourceTimestamp) =>
        unchecked(_targetOrigin + (uint)Scale((int)(sourceTimestamp - _sourceOrigin)));

    /// <summary>Translates one report.</summary>
    /// <param name="sourceTimestamp">RTP timestamp of the source packet (the event's start).</param>
    /// <param name="report">The report as received.</param>
    /// <returns>Timestamp and report for the target leg.</returns>
    public TranslatedTelephoneEvent Translate(uint sourceTimestamp, TelephoneEvent report)
    {
        long start = Scale((int)(sourceTimestamp - _sourceOrigin));
        long end = Scale((long)(int)(sourceTimestamp - _sourceOrigin) + report.Duration);
        long duration = end - start;
        int segment = duration > SegmentTicks ? (int)((duration - 1) / SegmentTicks) : 0;
        long segmentStart = start + (segment * (long)SegmentTicks);
        var translated = new TelephoneEvent(report.EventCode, report.End, report.Volume, (ushort)(end - segmentStart));
        return new TranslatedTelephoneEvent(unchecked(_targetOrigin + (uint)segmentStart), translated, segment);
    }

    /// <summary>Translates a telephone-event payload of one report into another payload.</summary>
    /// <param name="sourceTimestamp">RTP timestamp of the source packet.</param>
    /// <param name="sourcePayload">The received payload: exactly one report.</param>
    /// <param name="targetPayload">Destination, at least <see cref="TelephoneEvent.Size"/> bytes.</param>
    /// <param name="targetTimestamp">RTP timestamp to send the target payload with.</param>
    /// <returns>
    /// <see langword="false"/> when the source payload is not exactly one report (packets carrying
    /// several events, RFC 4733 section 2.5.1.5, are not translated) or the destination is too small.
    /// </returns>
    public bool TryTranslate(uint sourceTimestamp, ReadOnlySpan<byte> sourcePayload, Span<byte> targetPayload, out uint targetTimestamp)
    {
        targetTimestamp = 0;
        if (sourcePayload.Length != TelephoneEvent.Size
            || !TelephoneEvent.TryRead(sourcePayload, out TelephoneEvent report)
            || targetPayload.Length < TelephoneEvent.Size)
        {
            return false;
        }

        TranslatedTelephoneEvent translated = Translate(sourceTimestamp, report);
        targetTimestamp = translated.Timestamp;
        return translated.Event.TryWrite(targetPayload);
    }

    // Source ticks to target ticks, rounded towards minus infinity so start and end round alike.
    private long Scale(long sourceTicks) => Math.DivRem(sourceTicks * TargetClockRate, SourceClockRate) switch
    {
        (long quotient, long remainder) when remainder < 0 => quotient - 1,
        (long quotient, _) => quotient,
    };
}
