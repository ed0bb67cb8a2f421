using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Identity;

namespace Rethink.Ims.IntegrationTests.Identity;

/// <summary><see cref="GoogleAccessTokenValidator"/> against a real Kestrel imitating Google's tokeninfo and userinfo.</summary>
public sealed class GoogleAccessTokenValidatorTests : IAsyncLifetime
{
    private const string Token = "ya29.a0AfB_byD-valid_token";
    private const string TokenInfo = """{"azp":"client-1.apps.googleusercontent.com","aud":"client-1.apps.googleusercontent.com","sub":"110169484474386276334","scope":"openid https://www.googleapis.com/auth/userinfo.email","exp":"1700003600","expires_in":"3599","email":"alice@example.com","email_verified":"true","access_type":"online"}""";
    private const string UserInfo = """{"sub":"110169484474386276334","name":"Alice","email":"alice@example.com","email_verified":true,"hd":"example.com"}""";

    private readonly HttpClient _http = new();
    private GoogleImitation _google = null!;

    public async Task InitializeAsync() => _google = await GoogleImitation.StartAsync(Token, TokenInfo, UserInfo);

    public async Task DisposeAsync()
    {
        await _google.DisposeAsync();
        _http.Dispose();
    }

    private GoogleAccessTokenValidator Validator(Action<AccessTokenValidationOptions>? configure = null)
    {
        var options = new AccessTokenValidationOptions { TokenInfoUrl = _google.TokenInfoUrl, UserInfoUrl = _google.UserInfoUrl };
        configure?.Invoke(options);
        return new GoogleAccessTokenValidator(_http, Options.Create(options), TimeProvider.System, NullLogger<GoogleAccessTokenValidator>.Instance);
    }

    [Fact]
    public async Task A_valid_access_token_gives_the_userinfo_identity()
    {
        var result = await Validator().ValidateAsync(Token, default);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(new ImsIdentity("110169484474386276334", "alice@example.com", true, "https://accounts.google.com", "example.com"), result.Identity);
    }

    [Fact]
    public async Task Tokeninfo_gets_the_token_as_a_query_parameter_and_userinfo_as_a_bearer_header()
    {
        await Validator().ValidateAsync(Token, default);

        Assert.Equal(
            [$"GET /tokeninfo?access_token={Token} auth=", $"GET /v1/userinfo auth=Bearer {Token}"],
            _google.Requests);
    }

    [Fact]
    public async Task A_token_google_refuses_is_provider_rejected_with_googles_status_and_body()
    {
        var result = await Validator().ValidateAsync("ya29.revoked", default);

        Assert.Equal(IdentityFailureReason.ProviderRejected, result.Failure);
        Assert.Equal(400, result.ProviderStatusCode);
        Assert.Equal(GoogleImitation.InvalidTokenBody, result.ProviderResponse);
        Assert.Single(_google.Requests);
    }

    [Fact]
    public async Task Any_application_is_accepted_without_configured_audiences_as_in_the_original_service()
    {
        var result = await Validator().ValidateAsync(Token, default);

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task A_token_for_another_application_is_wrong_audience_when_audiences_are_configured()
    {
        var result = await Validator(o => o.Audiences.Add("client-2.apps.googleusercontent.com")).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.WrongAudience, result.Failure);
        Assert.Single(_google.Requests);
    }

    [Fact]
    public async Task A_token_for_a_configured_application_is_accepted()
    {
        var result = await Validator(o => o.Audiences.Add("client-1.apps.googleusercontent.com")).ValidateAsync(Token, default);

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task An_account_outside_the_hosted_domain_is_refused_and_inside_accepted()
    {
        var outside = await Validator(o => o.HostedDomain = "other.com").ValidateAsync(Token, default);
        var inside = await Validator(o => o.HostedDomain = "EXAMPLE.com").ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.WrongHostedDomain, outside.Failure);
        Assert.True(inside.Succeeded, inside.Detail);
    }

    [Fact]
    public async Task Google_being_down_makes_the_provider_unavailable()
    {
        var tokenInfo = _google.TokenInfoUrl;
        var userInfo = _google.UserInfoUrl;
        await _google.DisposeAsync();
        var options = new AccessTokenValidationOptions { TokenInfoUrl = tokenInfo, UserInfoUrl = userInfo };
        var validator = new GoogleAccessTokenValidator(_http, Options.Create(options), TimeProvider.System, NullLogger<GoogleAccessTokenValidator>.Instance);
        _google = await GoogleImitation.StartAsync(Token, TokenInfo, UserInfo);

        var result = await validator.ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }
}
