using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Identity;

namespace Rethink.Ims.IntegrationTests.Identity;

/// <summary>
/// The development issuer's tokens go through the ordinary <see cref="GoogleIdTokenValidator"/>, which fetches the
/// issuer's <see cref="DevelopmentTokenIssuer.JwksJson"/> from a real Kestrel: there is no bypass path.
/// </summary>
public sealed class DevelopmentTokenIssuerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly HttpClient _http = new();
    private DevelopmentTokenIssuer _issuer = null!;
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _issuer = new DevelopmentTokenIssuer(Options.Create(new DevelopmentTokenIssuerOptions()), _time);
        _server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(_issuer.JwksJson));
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _issuer.Dispose();
        _http.Dispose();
    }

    private GoogleIdTokenValidator Validator(bool trustDevIssuer = true)
    {
        var options = new IdTokenValidationOptions { CertificatesUrl = _server.Url($"dev/jwks/{Guid.NewGuid():N}") };
        options.Audiences.Add(_issuer.Audience);
        if (trustDevIssuer)
        {
            options.TrustedIssuers.Add(_issuer.Issuer);
        }

        return new GoogleIdTokenValidator(_http, Options.Create(options), _time, NullLogger<GoogleIdTokenValidator>.Instance);
    }

    [Fact]
    public async Task A_development_token_validates_through_the_ordinary_validator()
    {
        var result = await Validator().ValidateAsync(_issuer.IssueIdToken("alice@example.com"), default);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(new ImsIdentity("alice@example.com", "alice@example.com", true, "rethink-ims-dev", null), result.Identity);
    }

    [Fact]
    public async Task A_development_token_expires_after_its_lifetime()
    {
        var validator = Validator();
        var token = _issuer.IssueIdToken("alice@example.com", TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));
        var result = await validator.ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.Expired, result.Failure);
    }

    [Fact]
    public async Task A_validator_that_trusts_only_google_refuses_development_tokens()
    {
        var result = await Validator(trustDevIssuer: false).ValidateAsync(_issuer.IssueIdToken("alice@example.com"), default);

        Assert.Equal(IdentityFailureReason.WrongIssuer, result.Failure);
    }

    [Fact]
    public async Task A_token_from_another_development_issuer_is_a_bad_signature()
    {
        using var other = new DevelopmentTokenIssuer(Options.Create(new DevelopmentTokenIssuerOptions()), _time);

        var result = await Validator().ValidateAsync(other.IssueIdToken("alice@example.com"), default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public async Task A_development_token_maps_to_the_sip_user_of_its_address()
    {
        var result = await Validator().ValidateAsync(_issuer.IssueIdToken("alice@example.com"), default);
        var mapper = new EmailSipUserMapper(Options.Create(new EmailSipUserMapperOptions()));

        Assert.Equal(new SipUser("alice", "example.com"), mapper.Map(result.Identity!));
    }
}
