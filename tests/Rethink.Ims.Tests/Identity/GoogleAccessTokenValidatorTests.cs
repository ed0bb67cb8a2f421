using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

/// <summary>
/// Failure branches of <see cref="GoogleAccessTokenValidator"/>, with Google's answers injected by
/// <see cref="FaultInjectingHandler"/>. The success path and Google-like refusals run against a real Kestrel in the
/// integration tests.
/// </summary>
public sealed class GoogleAccessTokenValidatorTests : IDisposable
{
    private const string Token = "ya29.a0AfB_byC-token_value";
    private const string GoodTokenInfo = """{"aud":"client-1","azp":"client-1","sub":"42","scope":"openid email","expires_in":"3599"}""";
    private const string GoodUserInfo = """{"sub":"42","email":"alice@example.com","email_verified":true,"hd":"example.com"}""";

    private readonly FakeTimeProvider _time = new();
    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private GoogleAccessTokenValidator Validator(HttpMessageHandler handler, Action<AccessTokenValidationOptions>? configure = null)
    {
        var options = new AccessTokenValidationOptions();
        configure?.Invoke(options);
        var client = new HttpClient(handler);
        _clients.Add(client);
        return new GoogleAccessTokenValidator(client, Options.Create(options), _time, NullLogger<GoogleAccessTokenValidator>.Instance);
    }

    private static FaultInjectingHandler Google(string tokenInfo = GoodTokenInfo, string userInfo = GoodUserInfo) =>
        FaultInjectingHandler.Google((HttpStatusCode.OK, tokenInfo), (HttpStatusCode.OK, userInfo));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task An_empty_token_is_missing(string token)
    {
        var handler = Google();

        var result = await Validator(handler).ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.MissingToken, result.Failure);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task An_oversized_token_is_refused_without_asking_google()
    {
        var handler = Google();

        var result = await Validator(handler).ValidateAsync(new string('a', 4097), default);

        Assert.Equal(IdentityFailureReason.TooLarge, result.Failure);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("ya29 token")]
    [InlineData("ya29\r\nX-Injected: 1")]
    [InlineData("tok&en")]
    [InlineData("=abc")]
    [InlineData("===")]
    public async Task A_token_that_is_not_an_rfc6750_bearer_token_is_malformed(string token)
    {
        var handler = Google();

        var result = await Validator(handler).ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.Malformed, result.Failure);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Unreachable_google_is_provider_unavailable()
    {
        var handler = FaultInjectingHandler.Throwing(new HttpRequestException(HttpRequestError.NameResolutionError, "no DNS"));

        var result = await Validator(handler).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
        Assert.Null(result.ProviderStatusCode);
    }

    [Fact]
    public async Task Google_not_answering_within_the_timeout_is_provider_unavailable()
    {
        var asked = new TaskCompletionSource();
        var handler = new FaultInjectingHandler(async (_, ct) =>
        {
            asked.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var validating = Validator(handler).ValidateAsync(Token, default).AsTask();
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(10));
        var result = await validating.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }

    [Fact]
    public async Task A_tokeninfo_server_error_is_provider_unavailable_with_googles_status_and_body()
    {
        var handler = FaultInjectingHandler.Google((HttpStatusCode.ServiceUnavailable, "busy"), (HttpStatusCode.OK, GoodUserInfo));

        var result = await Validator(handler).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
        Assert.Equal(503, result.ProviderStatusCode);
        Assert.Equal("busy", result.ProviderResponse);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task A_tokeninfo_answer_that_is_not_a_json_object_is_provider_unavailable(string body)
    {
        var result = await Validator(Google(tokenInfo: body)).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }

    [Fact]
    public async Task An_oversized_tokeninfo_answer_is_provider_unavailable()
    {
        var huge = "{\"pad\":\"" + new string('x', 70_000) + "\"}";

        var result = await Validator(Google(tokenInfo: huge)).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }

    [Fact]
    public async Task A_userinfo_refusal_is_provider_rejected_with_googles_status()
    {
        var handler = FaultInjectingHandler.Google((HttpStatusCode.OK, GoodTokenInfo), (HttpStatusCode.Unauthorized, """{"error":"invalid_request"}"""));

        var result = await Validator(handler).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.ProviderRejected, result.Failure);
        Assert.Equal(401, result.ProviderStatusCode);
        Assert.Equal("""{"error":"invalid_request"}""", result.ProviderResponse);
    }

    [Fact]
    public async Task A_userinfo_answer_without_sub_is_provider_unavailable()
    {
        var result = await Validator(Google(userInfo: """{"email":"alice@example.com","email_verified":true}""")).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }

    [Fact]
    public async Task No_email_in_userinfo_is_no_email()
    {
        var result = await Validator(Google(userInfo: """{"sub":"42"}""")).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.NoEmail, result.Failure);
    }

    [Fact]
    public async Task An_unverified_email_is_refused_by_default()
    {
        var result = await Validator(Google(userInfo: """{"sub":"42","email":"alice@example.com","email_verified":false}""")).ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.EmailNotVerified, result.Failure);
    }

    [Fact]
    public async Task A_hosted_domain_mismatch_is_wrong_hosted_domain()
    {
        var result = await Validator(Google(), o => o.HostedDomain = "other.com").ValidateAsync(Token, default);

        Assert.Equal(IdentityFailureReason.WrongHostedDomain, result.Failure);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Validator(Google()).ValidateAsync(Token, cancelled.Token));
    }

    [Theory]
    [InlineData("http://oauth2.googleapis.com/tokeninfo")]
    [InlineData("https://oauth2.googleapis.com/tokeninfo#x")]
    public void Constructor_refuses_an_endpoint_that_is_not_https(string url)
    {
        Assert.Throws<OptionsValidationException>(() => Validator(Google(), o => o.TokenInfoUrl = new Uri(url)));
    }
}
