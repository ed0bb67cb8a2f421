namespace Rethink.Ims.Media.Srtp;

/// <summary>Packet index estimation (RFC 3711 §3.3.1 and Appendix A).</summary>
internal static class SrtpIndex
{
    /// <summary>Largest SRTP index (2^48 - 1).</summary>
    public const ulong MaxRtpIndex = (1UL << 48) - 1;

    /// <summary>Largest SRTCP index (2^31 - 1).</summary>
    public const uint MaxRtcpIndex = 0x7FFF_FFFF;

    /// <summary>
    /// Guesses the index of a packet with <paramref name="sequenceNumber"/> given the highest index so far
    /// (ROC = highest / 2^16, s_l = highest mod 2^16). False when the guess falls before ROC 0.
    /// </summary>
    public static bool TryEstimate(ulong highest, ushort sequenceNumber, out ulong index)
    {
        var roc = (long)(highest >> 16);
        var sl = (int)(highest & 0xFFFF);
        long v;
        if (sl < 32768)
        {
            v = sequenceNumber - sl > 32768 ? roc - 1 : roc;
        }
        else
        {
            v = sl - 32768 > sequenceNumber ? roc + 1 : roc;
        }

        if (v < 0)
        {
            index = sequenceNumber;
            return false;
        }

        index = ((ulong)v << 16) | sequenceNumber;
        return true;
    }
}
