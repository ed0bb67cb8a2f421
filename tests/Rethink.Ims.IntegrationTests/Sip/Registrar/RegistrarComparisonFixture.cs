using Rethink.Ims.IntegrationTests.Kamailio;

namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>
/// The samples with a short nonce lifetime (<see cref="ShortNonceSampleFixture"/>) and, beside them, a real Kamailio 5.6
/// registrar with auth_ephemeral using the same secret and nonce lifetime, so one client case can be run against both.
/// </summary>
public sealed class RegistrarComparisonFixture : IAsyncLifetime
{
    public ShortNonceSampleFixture Sample { get; } = new();

    public RegistrarKamailio Kamailio { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Sample.InitializeAsync();
        Kamailio = await RegistrarKamailio.StartAsync(Sample.Secret, ShortNonceSampleFixture.NonceLifetime);
    }

    public async Task DisposeAsync()
    {
        if (Kamailio is not null)
        {
            await Kamailio.DisposeAsync();
        }

        await Sample.DisposeAsync();
    }
}
