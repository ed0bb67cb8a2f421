namespace Rethink.Ims.Media.Dtls;

/// <summary>What the <c>a=setup</c> attributes decide about the DTLS role (see <see cref="DtlsRoleResolver"/>).</summary>
public enum DtlsRoleDecision
{
    /// <summary>Start a client: send the ClientHello.</summary>
    Client,

    /// <summary>Start a server: wait for the ClientHello and never send first.</summary>
    Server,

    /// <summary>
    /// Not decided yet (we offered <c>actpass</c> and have no usable answer): send nothing, and take the
    /// server role if a ClientHello arrives first (<see cref="DtlsRoleResolver.OnDatagram"/>).
    /// </summary>
    AwaitClientHello,

    /// <summary>No DTLS connection: <c>holdconn</c>, or both sides claim the same role.</summary>
    NoConnection,
}
