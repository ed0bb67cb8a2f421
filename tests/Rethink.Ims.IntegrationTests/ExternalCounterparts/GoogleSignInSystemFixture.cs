using Rethink.Ims.IntegrationTests.SystemHost;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// The system as run.sh runs it, with the credential service configured for Google sign-in (an OAuth client id as
/// the ID-token audience, which also turns the development issuer off) and pointed at the loopback
/// <see cref="GoogleIdentityStandIn"/> for Google's signing keys.
/// </summary>
public sealed class GoogleSignInSystemFixture : SystemHostFixture
{
    internal GoogleIdentityStandIn Google { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Google = await GoogleIdentityStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Google.DisposeAsync();
    }

    protected override IEnumerable<string> CredentialServerArguments =>
    [
        $"--Ims:EphemeralAuth:IdToken:Audiences:0={GoogleIdentityStandIn.ClientId}",
        $"--Ims:EphemeralAuth:IdToken:CertificatesUrl={Google.Certificates}",
    ];
}
