using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsRoleResolverTests
{
    public static TheoryData<DtlsSetup, DtlsSetup?, bool, DtlsRoleDecision> Table => new()
    {
        // We answered: passive never sends first; active starts the client.
        { DtlsSetup.Passive, DtlsSetup.ActPass, true, DtlsRoleDecision.Server },
        { DtlsSetup.Passive, DtlsSetup.Active, true, DtlsRoleDecision.Server },
        { DtlsSetup.Active, DtlsSetup.ActPass, true, DtlsRoleDecision.Client },
        { DtlsSetup.Active, DtlsSetup.Passive, true, DtlsRoleDecision.Client },
        // We offered actpass: the answer decides.
        { DtlsSetup.ActPass, DtlsSetup.Active, false, DtlsRoleDecision.Server },
        { DtlsSetup.ActPass, DtlsSetup.Passive, false, DtlsRoleDecision.Client },
        { DtlsSetup.ActPass, DtlsSetup.ActPass, false, DtlsRoleDecision.AwaitClientHello },
        // No a=setup: RFC 4145 default, active in an offer, passive in an answer.
        { DtlsSetup.ActPass, null, false, DtlsRoleDecision.Client },
        { DtlsSetup.Passive, null, true, DtlsRoleDecision.Server },
        { DtlsSetup.ActPass, null, true, DtlsRoleDecision.Server },
        // Conflicts and holdconn: no connection.
        { DtlsSetup.Active, DtlsSetup.Active, false, DtlsRoleDecision.NoConnection },
        { DtlsSetup.Passive, DtlsSetup.Passive, false, DtlsRoleDecision.NoConnection },
        { DtlsSetup.HoldConn, DtlsSetup.Active, true, DtlsRoleDecision.NoConnection },
        { DtlsSetup.ActPass, DtlsSetup.HoldConn, false, DtlsRoleDecision.NoConnection },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_follows_rfc4145_and_rfc5763(DtlsSetup local, DtlsSetup? remote, bool remoteIsOffer, DtlsRoleDecision expected) =>
        Assert.Equal(expected, DtlsRoleResolver.Decide(local, remote, remoteIsOffer));

    [Fact]
    public void Before_the_answer_actpass_waits_and_never_starts_a_client()
    {
        Assert.Equal(DtlsRoleDecision.AwaitClientHello, DtlsRoleResolver.BeforeAnswer(DtlsSetup.ActPass));
        Assert.Null(DtlsRoleDecision.AwaitClientHello.ToRole());
        Assert.Equal(DtlsRoleDecision.Server, DtlsRoleResolver.BeforeAnswer(DtlsSetup.Passive));
        Assert.Equal(DtlsRoleDecision.Client, DtlsRoleResolver.BeforeAnswer(DtlsSetup.Active));
    }

    [Fact]
    public void An_actpass_side_that_receives_a_ClientHello_first_becomes_the_server()
    {
        var hello = CaptureClientHello();

        Assert.Equal(DtlsRoleDecision.Server, DtlsRoleResolver.OnDatagram(DtlsRoleDecision.AwaitClientHello, hello));
        Assert.Equal(DtlsRole.Server, DtlsRoleResolver.OnDatagram(DtlsRoleDecision.AwaitClientHello, hello).ToRole());
    }

    [Fact]
    public void Other_datagrams_and_decided_roles_are_left_alone()
    {
        var hello = CaptureClientHello();
        byte[] stun = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42];

        Assert.Equal(DtlsRoleDecision.AwaitClientHello, DtlsRoleResolver.OnDatagram(DtlsRoleDecision.AwaitClientHello, stun));
        Assert.Equal(DtlsRoleDecision.Client, DtlsRoleResolver.OnDatagram(DtlsRoleDecision.Client, hello));
        Assert.Equal(DtlsRoleDecision.NoConnection, DtlsRoleResolver.OnDatagram(DtlsRoleDecision.NoConnection, hello));
    }

    internal static byte[] CaptureClientHello()
    {
        byte[]? first = null;
        using var gotIt = new ManualResetEventSlim();
        var session = new DtlsSrtpSession(DtlsRole.Client, DtlsPair.ClientCertificate, [DtlsPair.ServerCertificate.Fingerprint], d =>
        {
            first ??= d.ToArray();
            gotIt.Set();
        });
        _ = session.HandshakeAsync();
        Assert.True(gotIt.Wait(TimeSpan.FromSeconds(10)));
        session.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        return first!;
    }
}
