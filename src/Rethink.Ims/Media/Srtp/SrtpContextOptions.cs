namespace Rethink.Ims.Media.Srtp;

/// <summary>Settings of an <see cref="SrtpContext"/>.</summary>
public sealed class SrtpContextOptions
{
    /// <summary>Replay window in packets, per SSRC, for SRTP and SRTCP: a power of two from 64 to 32768. Default 128 (as libsrtp).</summary>
    public int ReplayWindowSize { get; set; } = 128;

    /// <summary>
    /// Most SSRCs the context keeps state for, per kind (SRTP, SRTCP). Packets of further SSRCs get
    /// <see cref="SrtpResult.StreamLimitReached"/>. Unknown SSRCs whose packets fail authentication never take a slot.
    /// </summary>
    public int MaxStreams { get; set; } = 64;
}
