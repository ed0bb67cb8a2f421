using System.Buffers.Binary;

namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// One RFC 4733 telephone-event report (DTMF digits and other named events): the 4-byte RTP payload
/// <c>event (8) | E (1) | R (1) | volume (6) | duration (16)</c>.
/// </summary>
/// <remarks>
/// Event codes 0 to 9 are the digits, 10 is <c>*</c>, 11 is <c>#</c>, 12 to 15 are A to D and 16 is
/// flash (RFC 4733 section 3.2). The duration counts RTP clock ticks from the event's timestamp, so
/// it depends on the clock rate negotiated for <c>telephone-event</c>; see
/// <see cref="TelephoneEventTranslator"/> for moving reports between legs with different rates.
/// </remarks>
public readonly record struct TelephoneEvent
{
    /// <summary>Size of one report in bytes.</summary>
    public const int Size = 4;

    /// <summary>Largest volume value (6 bits).</summary>
    public const byte MaxVolume = 63;

    /// <summary>Creates a report.</summary>
    /// <param name="eventCode">The event (0 to 255; 0 to 16 for DTMF).</param>
    /// <param name="end">The E bit: this report ends the event.</param>
    /// <param name="volume">Power level in dBm0 with the sign dropped, 0 (loudest) to 63.</param>
    /// <param name="duration">Ticks of the RTP clock since the event's timestamp.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="volume"/> is above 63.</exception>
    public TelephoneEvent(byte eventCode, bool end, byte volume, ushort duration)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, MaxVolume);
        EventCode = eventCode;
        End = end;
        Volume = volume;
        Duration = duration;
    }

    /// <summary>The event code.</summary>
    public byte EventCode { get; }

    /// <summary>The E bit: the event has ended and this report carries its final duration.</summary>
    public bool End { get; }

    /// <summary>Power level in dBm0 with the sign dropped, 0 to 63.</summary>
    public byte Volume { get; }

    /// <summary>Duration so far, in ticks of the RTP clock.</summary>
    public ushort Duration { get; }

    /// <summary>Reads the report at the start of a telephone-event payload.</summary>
    /// <param name="payload">The RTP payload; bytes after the first report are ignored.</param>
    /// <param name="value">The report, when the payload is long enough.</param>
    /// <returns><see langword="false"/> when the payload is shorter than <see cref="Size"/>.</returns>
    /// <remarks>The reserved R bit is ignored, as RFC 4733 section 2.3.3 asks of receivers.</remarks>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        if (payload.Length < Size)
        {
            value = default;
            return false;
        }

        value = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>Writes the report (R bit zero).</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too short (nothing written).</returns>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        destination[0] = EventCode;
        destination[1] = (byte)((End ? 0x80 : 0) | Volume);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return true;
    }
}
