namespace Rethink.Ims.Media.Sdp;

/// <summary>The DTLS role announced by <c>a=setup</c> (RFC 4145, RFC 5763, RFC 8842).</summary>
public enum DtlsSetup
{
    /// <summary><c>actpass</c>: either role; what an offerer must say.</summary>
    ActPass,

    /// <summary><c>active</c>: this side sends the ClientHello (DTLS client).</summary>
    Active,

    /// <summary><c>passive</c>: this side waits for the ClientHello (DTLS server).</summary>
    Passive,

    /// <summary><c>holdconn</c>: no connection for now.</summary>
    HoldConn,
}
