using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

/// <summary>
/// The branches of <see cref="GoogleIdTokenValidator"/> that need no working key endpoint: configuration, refusals
/// before the signature, and key endpoint faults. Everything with real keys is in the integration tests.
/// </summary>
public sealed class GoogleIdTokenValidatorTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_100));
    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static IdTokenValidationOptions Options(Action<IdTokenValidationOptions>? configure = null)
    {
        // A unique URL per validator: Google.Apis.Auth's key cache is process-wide and keyed by URL.
        var options = new IdTokenValidationOptions { CertificatesUrl = new Uri($"https://keys-{Guid.NewGuid():N}.invalid/certs") };
        options.Audiences.Add("client-1");
        configure?.Invoke(options);
        return options;
    }

    private GoogleIdTokenValidator Validator(HttpMessageHandler handler, IdTokenValidationOptions? options = null)
    {
        var client = new HttpClient(handler);
        _clients.Add(client);
        return new GoogleIdTokenValidator(client, Microsoft.Extensions.Options.Options.Create(options ?? Options()), _time, NullLogger<GoogleIdTokenValidator>.Instance);
    }

    /// <summary>A key endpoint that fails the test if it is asked: the refusal must come before any fetch.</summary>
    private static FaultInjectingHandler MustNotFetch() => FaultInjectingHandler.Throwing(new InvalidOperationException("no key fetch expected"));

    private static string WellFormedToken(string alg = "RS256") => TestJwt.Make(new { alg, kid = "k" }, TestJwt.GoodClaims());

    [Fact]
    public void Constructor_refuses_options_without_an_audience()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Validator(MustNotFetch(), Options(o => o.Audiences.Clear())));
        Assert.Contains(ex.Failures, f => f.Contains("Audiences", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://keys.example.com/certs")]
    [InlineData("https://keys.example.com/certs#frag")]
    [InlineData("https://user:pw@keys.example.com/certs")]
    [InlineData("ftp://keys.example.com/certs")]
    public void Constructor_refuses_a_key_url_that_is_not_https_or_carries_extras(string url)
    {
        Assert.Throws<OptionsValidationException>(() => Validator(MustNotFetch(), Options(o => o.CertificatesUrl = new Uri(url))));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/dev/jwks")]
    [InlineData("http://localhost:5000/dev/jwks")]
    [InlineData("http://[::1]:5000/dev/jwks")]
    public void Constructor_allows_plain_http_to_a_loopback_development_issuer(string url)
    {
        Assert.NotNull(Validator(MustNotFetch(), Options(o => o.CertificatesUrl = new Uri(url))));
    }

    [Fact]
    public void Options_validator_reports_each_bad_setting()
    {
        var options = Options(o =>
        {
            o.Audiences.Add(" ");
            o.TrustedIssuers.Add("");
            o.HostedDomain = " ";
            o.ClockSkew = TimeSpan.FromMinutes(6);
            o.MaxTokenLength = 0;
            o.KeyFetchTimeout = TimeSpan.Zero;
            o.KeyFetchFailureBackoff = TimeSpan.FromSeconds(-1);
        });

        var result = new IdTokenValidationOptionsValidator().Validate(null, options);

        Assert.Equal(7, result.Failures!.Count());
    }

    [Fact]
    public void Defaults_trust_google_and_fetch_googles_keys()
    {
        var options = new IdTokenValidationOptions();

        Assert.Equal(new Uri("https://www.googleapis.com/oauth2/v3/certs"), options.CertificatesUrl);
        Assert.Equal(["https://accounts.google.com", "accounts.google.com"], options.EffectiveIssuers);
        Assert.True(options.RequireVerifiedEmail);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClockSkew);
        Assert.Equal(8192, options.MaxTokenLength);
    }

    [Fact]
    public void Configured_issuers_replace_googles_rather_than_join_them()
    {
        var options = new IdTokenValidationOptions();
        options.TrustedIssuers.Add("rethink-ims-dev");

        Assert.Equal(["rethink-ims-dev"], options.EffectiveIssuers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_token_is_missing(string token)
    {
        var result = await Validator(MustNotFetch()).ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.MissingToken, result.Failure);
    }

    [Fact]
    public async Task An_oversized_token_is_refused_before_it_is_parsed()
    {
        var validator = Validator(MustNotFetch());

        var tooLarge = await validator.ValidateAsync(new string('!', 8193), default);
        var atLimit = await validator.ValidateAsync(new string('!', 8192), default);

        Assert.Equal(IdentityFailureReason.TooLarge, tooLarge.Failure);
        Assert.Equal(IdentityFailureReason.Malformed, atLimit.Failure);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS384")]
    [InlineData("PS256")]
    [InlineData("ES384")]
    [InlineData("rs256")]
    public async Task An_algorithm_other_than_rs256_or_es256_is_a_bad_signature_without_fetching_keys(string alg)
    {
        var handler = MustNotFetch();

        var result = await Validator(handler).ValidateAsync(WellFormedToken(alg), default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("e30.e30.c2ln")]
    public async Task A_malformed_token_is_refused_without_fetching_keys(string token)
    {
        var handler = MustNotFetch();

        var result = await Validator(handler).ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.Malformed, result.Failure);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_key_endpoint_error_status_is_provider_unavailable(HttpStatusCode status)
    {
        var result = await Validator(FaultInjectingHandler.Answering(status, "")).ValidateAsync(WellFormedToken(), default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"no":"keys"}""")]
    [InlineData("""{"keys":[]}""")]
    [InlineData("""{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}""")]
    public async Task A_key_endpoint_answering_no_usable_key_set_is_provider_unavailable(string body)
    {
        var result = await Validator(FaultInjectingHandler.Answering(HttpStatusCode.OK, body)).ValidateAsync(WellFormedToken(), default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }

    [Fact]
    public async Task An_unreachable_key_endpoint_is_provider_unavailable()
    {
        var handler = FaultInjectingHandler.Throwing(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        var result = await Validator(handler).ValidateAsync(WellFormedToken(), default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }

    [Fact]
    public async Task A_key_endpoint_that_does_not_answer_in_time_is_provider_unavailable()
    {
        var asked = new TaskCompletionSource();
        var handler = new FaultInjectingHandler(async (_, ct) =>
        {
            asked.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var validating = Validator(handler).ValidateAsync(WellFormedToken(), default).AsTask();
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(5));
        var result = await validating.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
        Assert.Contains("within 5 s", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_failed_fetch_the_key_endpoint_is_not_asked_again_until_the_backoff_passes()
    {
        var handler = FaultInjectingHandler.Answering(HttpStatusCode.ServiceUnavailable, "");
        var validator = Validator(handler);

        await validator.ValidateAsync(WellFormedToken(), default);
        _time.Advance(TimeSpan.FromSeconds(4));
        var during = await validator.ValidateAsync(WellFormedToken(), default);
        Assert.Single(handler.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        var after = await validator.ValidateAsync(WellFormedToken(), default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, during.Failure);
        Assert.Equal(IdentityFailureReason.ProviderUnavailable, after.Failure);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        var handler = new FaultInjectingHandler(async (_, ct) =>
        {
            await cancelled.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Validator(handler).ValidateAsync(WellFormedToken(), cancelled.Token));
    }

    [Fact]
    public async Task The_key_request_goes_to_the_configured_url_without_the_cache_fragment()
    {
        var handler = FaultInjectingHandler.Answering(HttpStatusCode.ServiceUnavailable, "");
        var options = Options();

        await Validator(handler, options).ValidateAsync(WellFormedToken(), default);

        Assert.Equal(options.CertificatesUrl, Assert.Single(handler.Requests));
        Assert.Empty(handler.Requests[0].Fragment);
    }
}
