namespace Rethink.Ims.Media.Rtp;

/// <summary>Sequence number arithmetic modulo 2^16 (serial number comparison, rollover extension).</summary>
public static class RtpSequenceNumber
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/>, in -32768..32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>True when <paramref name="candidate"/> comes after <paramref name="reference"/> (within half the space).</summary>
    public static bool IsNewer(ushort candidate, ushort reference) => Distance(reference, candidate) > 0;

    /// <summary>
    /// Extends a 16-bit sequence number to the 64-bit value (rollovers × 65536 + seq) closest to
    /// <paramref name="reference"/>, the extended number of a recent packet. Never below zero: near the
    /// start a number that would belong to a rollover before the first is taken as the first.
    /// </summary>
    public static ulong Extend(ushort sequenceNumber, ulong reference)
    {
        var rollovers = reference >> 16;
        var referenceSeq = (ushort)reference;
        var distance = Distance(referenceSeq, sequenceNumber);
        if (distance > 0 && sequenceNumber < referenceSeq)
        {
            rollovers++; // forward across 65535 -> 0
        }
        else if (distance < 0 && sequenceNumber > referenceSeq && rollovers > 0)
        {
            rollovers--; // backward across 0 -> 65535
        }

        return (rollovers << 16) | sequenceNumber;
    }
}
