namespace Rethink.Ims.Media.Dtls;

/// <summary>Which side of the DTLS handshake this endpoint plays (RFC 5763 §5).</summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>Waits for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,
}
