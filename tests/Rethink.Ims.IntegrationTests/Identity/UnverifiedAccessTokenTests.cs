using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Identity;

namespace Rethink.Ims.IntegrationTests.Identity;

/// <summary>An account whose address Google has not verified, through a real Kestrel imitating userinfo.</summary>
public sealed class UnverifiedAccessTokenTests : IAsyncLifetime
{
    private const string Token = "ya29.unverified";

    private readonly HttpClient _http = new();
    private GoogleImitation _google = null!;

    public async Task InitializeAsync() => _google = await GoogleImitation.StartAsync(
        Token, """{"aud":"client-1","sub":"7"}""", """{"sub":"7","email":"ceo@example.com","email_verified":false}""");

    public async Task DisposeAsync()
    {
        await _google.DisposeAsync();
        _http.Dispose();
    }

    private GoogleAccessTokenValidator Validator(bool requireVerifiedEmail)
    {
        var options = new AccessTokenValidationOptions { TokenInfoUrl = _google.TokenInfoUrl, UserInfoUrl = _google.UserInfoUrl, RequireVerifiedEmail = requireVerifiedEmail };
        return new GoogleAccessTokenValidator(_http, Options.Create(options), TimeProvider.System, NullLogger<GoogleAccessTokenValidator>.Instance);
    }

    [Fact]
    public async Task An_unverified_address_is_refused_by_default()
    {
        Assert.Equal(IdentityFailureReason.EmailNotVerified, (await Validator(requireVerifiedEmail: true).ValidateAsync(Token, default)).Failure);
    }

    [Fact]
    public async Task An_unverified_address_is_accepted_when_allowed_as_the_original_service_did()
    {
        var result = await Validator(requireVerifiedEmail: false).ValidateAsync(Token, default);

        Assert.True(result.Succeeded, result.Detail);
        Assert.False(result.Identity!.EmailVerified);
    }
}
