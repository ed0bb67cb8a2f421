namespace Rethink.Ims.Media.Dtls;

/// <summary>Why an established DTLS association ended.</summary>
public enum DtlsCloseReason
{
    /// <summary>This side closed it (<see cref="DtlsSrtpSession.Close"/> or disposal); a close_notify was sent.</summary>
    Local,

    /// <summary>The peer sent close_notify.</summary>
    PeerCloseNotify,

    /// <summary>The peer sent a fatal alert, or a record could not be processed.</summary>
    Failed,
}
