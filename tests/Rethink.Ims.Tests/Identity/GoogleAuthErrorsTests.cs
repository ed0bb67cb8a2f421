using System.Security.Cryptography;
using Google.Apis.Auth;
using Google.Apis.Http;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

/// <summary>
/// Pins the mapping of Google.Apis.Auth 1.78's exceptions to refusal reasons, first against the messages the real
/// library throws (so a library upgrade that rewords them fails here), then for the exception types around it.
/// </summary>
public class GoogleAuthErrorsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static async Task<Exception> LibraryRefusal(string token, Action<SignedTokenVerificationOptions>? configure = null)
    {
        // The key fetch fails at once (injected fault): these tests meet only the checks that come before the signature.
        var noNetwork = FaultInjectingHandler.Throwing(new HttpRequestException("no key endpoint in this test"));
        var options = new SignedTokenVerificationOptions
        {
            CertificatesUrl = $"https://keys.invalid/{Guid.NewGuid():N}",
            HttpClientFactory = new HttpClientFromMessageHandlerFactory(_ => new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(noNetwork, false, false)),
        };
        configure?.Invoke(options);
        return await Assert.ThrowsAnyAsync<Exception>(() => JsonWebSignature.VerifySignedTokenAsync(token, options));
    }

    private static string Token(string alg = "RS256", Action<Dictionary<string, object>>? edit = null)
    {
        var claims = TestJwt.GoodClaims();
        claims["iat"] = Now.ToUnixTimeSeconds();
        claims["exp"] = Now.ToUnixTimeSeconds() + 3600;
        edit?.Invoke(claims);
        return TestJwt.Make(new { alg }, claims);
    }

    private static IdentityFailureReason? Reason(Exception exception, CancellationToken cancellationToken = default) =>
        GoogleAuthErrors.Classify(exception, cancellationToken)?.Reason;

    [Fact]
    public async Task Library_refusing_two_parts_is_malformed()
    {
        Assert.Equal(IdentityFailureReason.Malformed, Reason(await LibraryRefusal("abc.def")));
    }

    [Fact]
    public async Task Library_refusing_bad_base64_is_malformed()
    {
        Assert.Equal(IdentityFailureReason.Malformed, Reason(await LibraryRefusal("a!b.c.d")));
    }

    [Fact]
    public async Task Library_refusing_a_header_that_is_not_json_is_malformed()
    {
        Assert.Equal(IdentityFailureReason.Malformed, Reason(await LibraryRefusal(TestJwt.Raw("{nope", "{}"))));
    }

    [Fact]
    public async Task Library_refusing_a_payload_claim_of_the_wrong_type_is_malformed()
    {
        Assert.Equal(IdentityFailureReason.Malformed, Reason(await LibraryRefusal(TestJwt.Raw("""{"alg":"RS256"}""", """{"exp":"soon"}"""))));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS512")]
    public async Task Library_refusing_an_algorithm_is_a_bad_signature(string alg)
    {
        Assert.Equal(IdentityFailureReason.BadSignature, Reason(await LibraryRefusal(Token(alg))));
    }

    [Fact]
    public async Task Library_refusing_the_issuer_is_wrong_issuer()
    {
        Assert.Equal(IdentityFailureReason.WrongIssuer, Reason(await LibraryRefusal(Token(), o => o.TrustedIssuers.Add("someone-else"))));
    }

    [Fact]
    public async Task Library_refusing_the_audience_is_wrong_audience()
    {
        Assert.Equal(IdentityFailureReason.WrongAudience, Reason(await LibraryRefusal(Token(), o => o.TrustedAudiences.Add("client-2"))));
    }

    [Fact]
    public async Task Library_refusing_a_token_without_iat_is_malformed()
    {
        Assert.Equal(IdentityFailureReason.Malformed, Reason(await LibraryRefusal(Token(edit: c => c.Remove("iat")))));
    }

    [Fact]
    public async Task Library_refusing_a_future_iat_is_not_yet_valid()
    {
        Assert.Equal(IdentityFailureReason.NotYetValid, Reason(await LibraryRefusal(Token(edit: c => c["iat"] = Now.ToUnixTimeSeconds() + 600))));
    }

    [Fact]
    public async Task Library_refusing_a_past_exp_is_expired()
    {
        Assert.Equal(IdentityFailureReason.Expired, Reason(await LibraryRefusal(Token(edit: c => c["exp"] = Now.ToUnixTimeSeconds() - 600))));
    }

    [Fact]
    public async Task Library_failing_to_fetch_keys_is_provider_unavailable()
    {
        Assert.Equal(IdentityFailureReason.ProviderUnavailable, Reason(await LibraryRefusal(Token())));
    }

    [Fact]
    public async Task Google_validator_refusing_length_algorithm_and_hosted_domain_maps_to_those_reasons()
    {
        // GoogleJsonWebSignature is not used by the validators, but its messages are mapped in case it is.
        var noNetwork = FaultInjectingHandler.Throwing(new HttpRequestException("no key endpoint in this test"));
        var settings = new GoogleJsonWebSignature.ValidationSettings
        {
            HostedDomain = "example.com",
            HttpClientFactory = new HttpClientFromMessageHandlerFactory(_ => new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(noNetwork, false, false)),
        };

        var tooLong = await Assert.ThrowsAsync<InvalidJwtException>(() => GoogleJsonWebSignature.ValidateAsync(Token(edit: c => c["pad"] = new string('x', 10_000)), settings));
        var wrongAlg = await Assert.ThrowsAsync<InvalidJwtException>(() => GoogleJsonWebSignature.ValidateAsync(Token("ES256"), settings));
        var wrongHd = await Assert.ThrowsAsync<InvalidJwtException>(() => GoogleJsonWebSignature.ValidateAsync(Token(edit: c => c["hd"] = "other.com"), settings));

        Assert.Equal(IdentityFailureReason.TooLarge, Reason(tooLong));
        Assert.Equal(IdentityFailureReason.BadSignature, Reason(wrongAlg));
        Assert.Equal(IdentityFailureReason.WrongHostedDomain, Reason(wrongHd));
    }

    [Fact]
    public void Signature_mismatch_message_is_a_bad_signature()
    {
        Assert.Equal(IdentityFailureReason.BadSignature, Reason(new InvalidJwtException("JWT invalid, unable to verify signature.")));
    }

    [Fact]
    public void An_unrecognised_library_refusal_is_still_a_refusal()
    {
        Assert.Equal(IdentityFailureReason.BadSignature, Reason(new InvalidJwtException("some future message")));
    }

    [Fact]
    public void Key_set_without_a_key_for_the_algorithm_is_a_bad_signature_and_other_key_set_failures_are_unavailability()
    {
        Assert.Equal(IdentityFailureReason.BadSignature, Reason(new KeySetUnavailableException("no ES256 key", noUsableKey: true)));
        Assert.Equal(IdentityFailureReason.ProviderUnavailable, Reason(new KeySetUnavailableException("answered 503")));
    }

    [Fact]
    public void A_timeout_is_unavailability_but_the_callers_cancellation_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, Reason(new TaskCanceledException()));
        Assert.Null(Reason(new TaskCanceledException(), cancelled.Token));
    }

    [Fact]
    public void Library_errors_about_the_key_document_are_unavailability()
    {
        Assert.Equal(IdentityFailureReason.ProviderUnavailable, Reason(new ArgumentException("No JWKs were found on https://x. The 'keys' element was empty.")));
    }

    [Fact]
    public void A_crypto_failure_is_a_bad_signature()
    {
        Assert.Equal(IdentityFailureReason.BadSignature, Reason(new CryptographicException()));
    }

    [Fact]
    public void An_unrelated_exception_propagates_as_a_bug()
    {
        Assert.Null(Reason(new InvalidOperationException()));
    }
}
