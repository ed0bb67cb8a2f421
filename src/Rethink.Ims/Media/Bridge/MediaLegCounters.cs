namespace Rethink.Ims.Media.Bridge;

/// <summary>Traffic counters of one leg; updated with interlocked operations, readable from any thread.</summary>
public sealed class MediaLegCounters
{
    private long _rtpPacketsIn;
    private long _rtpBytesIn;
    private long _rtcpPacketsIn;
    private long _rtcpBytesIn;
    private long _rtpPacketsOut;
    private long _rtpBytesOut;
    private long _rtcpPacketsOut;
    private long _authFailures;
    private long _replays;
    private long _garbage;
    private long _dropped;
    private long _recovered;

    /// <summary>RTP packets received and accepted (after SRTP authentication on the WebRTC leg).</summary>
    public long RtpPacketsIn => Interlocked.Read(ref _rtpPacketsIn);

    /// <summary>Octets of those RTP packets (as received, SRTP overhead included).</summary>
    public long RtpBytesIn => Interlocked.Read(ref _rtpBytesIn);

    /// <summary>RTCP packets received and accepted.</summary>
    public long RtcpPacketsIn => Interlocked.Read(ref _rtcpPacketsIn);

    /// <summary>Octets of those RTCP packets.</summary>
    public long RtcpBytesIn => Interlocked.Read(ref _rtcpBytesIn);

    /// <summary>RTP packets sent on this leg.</summary>
    public long RtpPacketsOut => Interlocked.Read(ref _rtpPacketsOut);

    /// <summary>Octets of those RTP packets (as sent).</summary>
    public long RtpBytesOut => Interlocked.Read(ref _rtpBytesOut);

    /// <summary>RTCP packets sent on this leg (our own reports).</summary>
    public long RtcpPacketsOut => Interlocked.Read(ref _rtcpPacketsOut);

    /// <summary>SRTP/SRTCP packets whose authentication tag failed.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authFailures);

    /// <summary>SRTP/SRTCP packets dropped as replays.</summary>
    public long Replays => Interlocked.Read(ref _replays);

    /// <summary>Datagrams that were neither STUN, DTLS, RTP nor RTCP.</summary>
    public long Garbage => Interlocked.Read(ref _garbage);

    /// <summary>Every datagram dropped for any reason (authentication failures, replays and garbage included).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames this leg lost on the way in that the bridge sent on regardless, rebuilt (Opus FEC) or concealed, when transcoding.</summary>
    public long Recovered => Interlocked.Read(ref _recovered);

    internal void AddRecovered() => Interlocked.Increment(ref _recovered);

    internal void RtpIn(int bytes)
    {
        Interlocked.Increment(ref _rtpPacketsIn);
        Interlocked.Add(ref _rtpBytesIn, bytes);
    }

    internal void RtcpIn(int bytes)
    {
        Interlocked.Increment(ref _rtcpPacketsIn);
        Interlocked.Add(ref _rtcpBytesIn, bytes);
    }

    internal void RtpOut(int bytes)
    {
        Interlocked.Increment(ref _rtpPacketsOut);
        Interlocked.Add(ref _rtpBytesOut, bytes);
    }

    internal void RtcpOut() => Interlocked.Increment(ref _rtcpPacketsOut);

    internal void Drop(MediaDropReason reason)
    {
        Interlocked.Increment(ref _dropped);
        switch (reason)
        {
            case MediaDropReason.SrtpAuthentication:
                Interlocked.Increment(ref _authFailures);
                break;
            case MediaDropReason.SrtpReplay:
                Interlocked.Increment(ref _replays);
                break;
            case MediaDropReason.Garbage:
                Interlocked.Increment(ref _garbage);
                break;
        }
    }
}
