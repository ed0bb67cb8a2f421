using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// Decides the DTLS role from the local and remote <c>a=setup</c> attributes (RFC 4145 §4.1, RFC 5763 §5,
/// RFC 8842). The rules a bridge must keep with Chrome: a side that answered <c>passive</c> never sends a
/// ClientHello first; a side that offered <c>actpass</c> sends nothing until the answer says it is the
/// client (the answerer is <c>passive</c>), and becomes the server if the answerer's ClientHello comes first.
/// </summary>
public static class DtlsRoleResolver
{
    /// <summary>
    /// The role for <paramref name="local"/> against <paramref name="remote"/>. An absent remote attribute
    /// takes RFC 4145's default: <c>active</c> in an offer, <c>passive</c> in an answer.
    /// </summary>
    /// <param name="local">What this side said (or will say) in its SDP.</param>
    /// <param name="remote">What the peer said, or null when its SDP had no <c>a=setup</c> (or has not arrived).</param>
    /// <param name="remoteIsOffer">True when the remote SDP is the offer, false when it is the answer.</param>
    public static DtlsRoleDecision Decide(DtlsSetup local, DtlsSetup? remote, bool remoteIsOffer)
    {
        var peer = remote ?? (remoteIsOffer ? DtlsSetup.Active : DtlsSetup.Passive);
        return (local, peer) switch
        {
            (DtlsSetup.HoldConn, _) or (_, DtlsSetup.HoldConn) => DtlsRoleDecision.NoConnection,
            (DtlsSetup.Active, DtlsSetup.Active) or (DtlsSetup.Passive, DtlsSetup.Passive) => DtlsRoleDecision.NoConnection,
            (DtlsSetup.Active, _) => DtlsRoleDecision.Client,
            (DtlsSetup.Passive, _) => DtlsRoleDecision.Server,
            (DtlsSetup.ActPass, DtlsSetup.Active) => DtlsRoleDecision.Server,
            (DtlsSetup.ActPass, DtlsSetup.Passive) => DtlsRoleDecision.Client,
            _ => DtlsRoleDecision.AwaitClientHello, // actpass against actpass: an answer may not say that; wait for the peer to act
        };
    }

    /// <summary>
    /// The role before the remote SDP is known: <c>active</c> is a client, <c>passive</c> a server,
    /// <c>actpass</c> waits for a ClientHello (or the answer), <c>holdconn</c> has no connection.
    /// </summary>
    public static DtlsRoleDecision BeforeAnswer(DtlsSetup local) => local switch
    {
        DtlsSetup.Active => DtlsRoleDecision.Client,
        DtlsSetup.Passive => DtlsRoleDecision.Server,
        DtlsSetup.ActPass => DtlsRoleDecision.AwaitClientHello,
        _ => DtlsRoleDecision.NoConnection,
    };

    /// <summary>
    /// Updates an undecided role with a received datagram: a ClientHello while awaiting one makes this side
    /// the server. Any other decision, or any other datagram, leaves it as it was.
    /// </summary>
    public static DtlsRoleDecision OnDatagram(DtlsRoleDecision current, ReadOnlySpan<byte> datagram) =>
        current == DtlsRoleDecision.AwaitClientHello && DtlsPacket.IsClientHello(datagram) ? DtlsRoleDecision.Server : current;

    /// <summary>The role to start a session with, or null when the decision is not (yet) a role.</summary>
    public static DtlsRole? ToRole(this DtlsRoleDecision decision) => decision switch
    {
        DtlsRoleDecision.Client => DtlsRole.Client,
        DtlsRoleDecision.Server => DtlsRole.Server,
        _ => null,
    };
}
