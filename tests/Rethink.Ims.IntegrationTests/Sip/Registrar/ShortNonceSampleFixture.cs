namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>The samples of <see cref="RegistrarSampleFixture"/>, the SIP server with a nonce lifetime of <see cref="NonceLifetime"/>.</summary>
public sealed class ShortNonceSampleFixture : RegistrarSampleFixture
{
    /// <summary>Shorter than the pause of register-stale-uac.xml (3 s), long enough for a challenge and its answer on a busy machine.</summary>
    public static readonly TimeSpan NonceLifetime = TimeSpan.FromSeconds(2);

    protected override IEnumerable<string> ExtraArguments => [$"--Ims:Sip:Auth:NonceLifetime={NonceLifetime}"];
}
