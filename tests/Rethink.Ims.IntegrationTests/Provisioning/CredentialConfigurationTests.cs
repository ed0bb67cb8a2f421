using Microsoft.Extensions.Options;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>A bad configuration stops the host at start with a message naming the key.</summary>
public sealed class CredentialConfigurationTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>
{
    [Fact]
    public async Task Missing_secret_stops_the_host_naming_the_secret_key()
    {
        var failure = await CredentialServerHost.StartFailureAsync(tokens.TrustingConfiguration(), withDefaults: false);

        var error = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Ims:EphemeralAuth:Secrets:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_audience_stops_the_host_naming_the_audience_key()
    {
        var config = tokens.TrustingConfiguration();
        config.Remove("Ims:EphemeralAuth:IdToken:Audiences:0");

        var failure = await CredentialServerHost.StartFailureAsync(config);

        var error = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Ims:EphemeralAuth:IdToken:Audiences", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ims:EphemeralAuth:TtlSeconds", "0")]
    [InlineData("Ims:EphemeralAuth:Uris:1", "not a uri")]
    [InlineData("Ims:EphemeralAuth:Cors:AllowedOrigins:0", "ftp://x.example.com")]
    [InlineData("Ims:EphemeralAuth:Turn:Uris:0", "turn:turn.example.com:3478")]
    [InlineData("Ims:EphemeralAuth:Domain", "bad domain!")]
    public async Task Invalid_value_stops_the_host_naming_the_key(string key, string value)
    {
        var config = tokens.TrustingConfiguration();
        config[key] = value;

        var failure = await CredentialServerHost.StartFailureAsync(config);

        Assert.NotNull(failure);
        var expectedKey = key == "Ims:EphemeralAuth:Turn:Uris:0" ? "Ims:EphemeralAuth:Turn:Secret" : key;
        Assert.Contains(expectedKey, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unparsable_enum_value_stops_the_host_naming_the_key()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:HashAlgorithm"] = "Md5";

        var failure = await CredentialServerHost.StartFailureAsync(config);

        Assert.NotNull(failure);
        Assert.Contains("Ims:EphemeralAuth:HashAlgorithm", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_never_appear_in_a_validation_message()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:TtlSeconds"] = "-5";

        var failure = await CredentialServerHost.StartFailureAsync(config);

        Assert.NotNull(failure);
        Assert.DoesNotContain(CredentialServerHost.Secret, failure.ToString(), StringComparison.Ordinal);
    }
}
