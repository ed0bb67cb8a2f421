using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rethink.Ims.Credentials;
using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Registrar;

namespace Rethink.Ims.Tests.Sip.Registrar;

/// <summary>AddSipRegistrar and AddSipDigestAuth read the same configuration keys as the sample and the credential service.</summary>
public sealed class SipRegistrarRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Ims:Sip:Listeners:0"] = "udp://127.0.0.1:0";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddSipDigestAuth();
        services.AddSipRegistrar();
        services.AddSipServer();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Registrar_domains_default_to_Ims_Sip_Domains_and_the_verifier_uses_the_EphemeralAuth_secret()
    {
        using var provider = Build(new()
        {
            ["Ims:Sip:Domains:0"] = "example.com",
            ["Ims:EphemeralAuth:Secrets:0"] = "shared_secret_key",
            ["Ims:EphemeralAuth:HashAlgorithm"] = "Sha256",
        });

        Assert.Equal(["example.com"], provider.GetRequiredService<IOptions<SipRegistrarOptions>>().Value.LocalDomains);
        Assert.IsType<InMemoryLocationStore>(provider.GetRequiredService<ILocationStore>());
        Assert.NotNull(provider.GetRequiredService<SipRegistrarMiddleware>());
        Assert.NotNull(provider.GetRequiredService<SipDigestAuthMiddleware>());
        Assert.True(provider.GetRequiredService<SipLocalDomains>().IsLocalHost(Rethink.Ims.Sip.Messages.SipText.FromString("EXAMPLE.com")));
        // FACTS.md §1: SHA256 password of 1700000000:alice under shared_secret_key.
        var verifier = provider.GetRequiredService<EphemeralCredentialVerifier>();
        Assert.Equal(EphemeralCheckResult.Expired, verifier.Verify("1700000000:alice", "G/Z0JSk6k5Y1VOWVSEQzyJix/lAjrwsKq+VCE40NI4U="));
        Assert.Single(provider.GetRequiredService<IOptions<Rethink.Ims.Provisioning.EphemeralAuthOptions>>().Value.Secrets);
    }

    [Fact]
    public void Explicit_registrar_domains_win_over_Ims_Sip_Domains()
    {
        using var provider = Build(new()
        {
            ["Ims:Sip:Domains:0"] = "example.com",
            ["Ims:Sip:Registrar:LocalDomains:0"] = "other.example",
            ["Ims:EphemeralAuth:Secrets:0"] = "s",
        });

        Assert.Equal(["other.example"], provider.GetRequiredService<IOptions<SipRegistrarOptions>>().Value.LocalDomains);
    }

    [Fact]
    public void Without_any_domain_the_registrar_options_fail_naming_the_key()
    {
        using var provider = Build(new() { ["Ims:EphemeralAuth:Secrets:0"] = "s" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SipRegistrarOptions>>().Value);
        Assert.Contains("Ims:Sip:Registrar:LocalDomains:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_secret_the_shared_secret_options_fail()
    {
        using var provider = Build(new() { ["Ims:Sip:Domains:0"] = "example.com" });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Rethink.Ims.Provisioning.EphemeralAuthOptions>>().Value);
    }
}
