using Microsoft.Extensions.Configuration;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

public class OptionsBindingTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Id_token_options_bind_from_configuration_and_configured_issuers_replace_googles()
    {
        var options = new IdTokenValidationOptions();

        Config(
            ("Audiences:0", "client-1"),
            ("Audiences:1", "client-2"),
            ("TrustedIssuers:0", "rethink-ims-dev"),
            ("CertificatesUrl", "http://localhost:5000/dev/jwks"),
            ("HostedDomain", "example.com"),
            ("RequireVerifiedEmail", "false"),
            ("ClockSkew", "00:01:00"),
            ("MaxTokenLength", "4096")).Bind(options);

        Assert.Equal(["client-1", "client-2"], options.Audiences);
        Assert.Equal(["rethink-ims-dev"], options.EffectiveIssuers);
        Assert.Equal(new Uri("http://localhost:5000/dev/jwks"), options.CertificatesUrl);
        Assert.Equal("example.com", options.HostedDomain);
        Assert.False(options.RequireVerifiedEmail);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ClockSkew);
        Assert.Equal(4096, options.MaxTokenLength);
        Assert.True(new IdTokenValidationOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Access_token_options_bind_from_configuration()
    {
        var options = new AccessTokenValidationOptions();

        Config(("Audiences:0", "client-1"), ("TokenInfoUrl", "https://google.example/tokeninfo"), ("RequestTimeout", "00:00:03")).Bind(options);

        Assert.Equal(["client-1"], options.Audiences);
        Assert.Equal(new Uri("https://google.example/tokeninfo"), options.TokenInfoUrl);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
    }
}
