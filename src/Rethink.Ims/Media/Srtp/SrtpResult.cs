namespace Rethink.Ims.Media.Srtp;

/// <summary>Outcome of protecting or unprotecting one packet. Bad input is a value here, never an exception.</summary>
public enum SrtpResult
{
    /// <summary>Done; the output length is valid.</summary>
    Ok,

    /// <summary>Shorter than a header plus the tag (and index word for SRTCP).</summary>
    TooShort,

    /// <summary>Not a version 2 RTP/RTCP packet, or its CSRC/extension lengths run past the packet.</summary>
    InvalidHeader,

    /// <summary>Protect: the buffer has no room after the packet for the tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag does not match: forged, corrupted, or a wrong key or rollover counter.</summary>
    AuthenticationFailed,

    /// <summary>The index was already received, or is older than the replay window.</summary>
    Replayed,

    /// <summary>The packet index space of the keys is used up (2^48 SRTP, 2^31 SRTCP): rekey.</summary>
    KeyLimitReached,

    /// <summary>A new SSRC would exceed <see cref="SrtpContextOptions.MaxStreams"/>.</summary>
    StreamLimitReached,
}
