namespace Rethink.Ims.Media.Rtp;

/// <summary>Where an <see cref="RtcpCompoundReader"/> stands.</summary>
public enum RtcpReadStatus
{
    /// <summary>More packets may follow.</summary>
    Reading,

    /// <summary>Every octet was consumed by well-formed packets.</summary>
    End,

    /// <summary>A packet had a bad version, a length past the data, or bad padding; the walk stopped there.</summary>
    Malformed,
}
