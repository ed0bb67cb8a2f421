namespace Rethink.Ims.Media.Dtls;

/// <summary>How a DTLS-SRTP handshake ended.</summary>
public enum DtlsHandshakeStatus
{
    /// <summary>Finished: keying material was exported.</summary>
    Succeeded,

    /// <summary>No complete handshake within <see cref="DtlsOptions.HandshakeTimeout"/> (a silent peer ends here).</summary>
    Timeout,

    /// <summary>
    /// The peer's certificate did not match any <c>a=fingerprint</c> from its SDP, or it sent none; or the
    /// peer refused ours with a certificate alert.
    /// </summary>
    FingerprintMismatch,

    /// <summary>No SRTP protection profile in common, or the peer did not negotiate <c>use_srtp</c> at all.</summary>
    NoCommonProfile,

    /// <summary>Anything else the handshake failed on: a fatal alert, a malformed or unexpected message, no common cipher suite.</summary>
    ProtocolError,

    /// <summary>The session was closed or disposed before the handshake finished.</summary>
    Closed,
}
