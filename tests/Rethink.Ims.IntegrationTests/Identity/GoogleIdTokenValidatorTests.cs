using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Identity;

namespace Rethink.Ims.IntegrationTests.Identity;

/// <summary>
/// <see cref="GoogleIdTokenValidator"/> end to end: Google.Apis.Auth fetches a JWKS (an RSA and an EC key) from a
/// real Kestrel on 127.0.0.1 and verifies tokens signed by the test keys.
/// </summary>
public sealed class GoogleIdTokenValidatorTests : IAsyncLifetime
{
    private const string Audience = "client-1.apps.googleusercontent.com";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    // Shared by all tests (and never disposed): RSA key generation is the slowest part of these tests.
    private static readonly TestSigner SharedSigner = new();

    private readonly TestSigner _signer = SharedSigner;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly HttpClient _http = new();
    private JwksServer _keys = null!;

    public async Task InitializeAsync() => _keys = await JwksServer.StartAsync(TestSigner.Jwks(_signer.RsaJwk(), _signer.EcJwk()));

    public async Task DisposeAsync()
    {
        await _keys.DisposeAsync();
        _http.Dispose();
    }

    private GoogleIdTokenValidator Validator(Action<IdTokenValidationOptions>? configure = null) => Validator(_keys.NewKeySetUrl(), configure);

    private GoogleIdTokenValidator Validator(Uri keySetUrl, Action<IdTokenValidationOptions>? configure = null)
    {
        var options = new IdTokenValidationOptions { CertificatesUrl = keySetUrl };
        options.Audiences.Add(Audience);
        configure?.Invoke(options);
        return new GoogleIdTokenValidator(_http, Options.Create(options), _time, NullLogger<GoogleIdTokenValidator>.Instance);
    }

    private static Dictionary<string, object> Claims(Action<Dictionary<string, object>>? edit = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = "https://accounts.google.com",
            ["azp"] = Audience,
            ["aud"] = Audience,
            ["sub"] = "110169484474386276334",
            ["email"] = "alice@example.com",
            ["email_verified"] = true,
            ["hd"] = "example.com",
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["exp"] = Now.ToUnixTimeSeconds() + 3600,
        };
        edit?.Invoke(claims);
        return claims;
    }

    [Fact]
    public async Task A_valid_rs256_token_gives_the_identity_it_names()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims()), default);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(new ImsIdentity("110169484474386276334", "alice@example.com", true, "https://accounts.google.com", "example.com"), result.Identity);
    }

    [Fact]
    public async Task A_valid_es256_token_verifies_against_the_ec_key_of_a_mixed_key_set()
    {
        var result = await Validator().ValidateAsync(_signer.Es256(Claims()), default);

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task Both_spellings_of_googles_issuer_are_trusted_by_default()
    {
        var validator = Validator();

        var withScheme = await validator.ValidateAsync(_signer.Rs256(Claims(c => c["iss"] = "https://accounts.google.com")), default);
        var bare = await validator.ValidateAsync(_signer.Rs256(Claims(c => c["iss"] = "accounts.google.com")), default);

        Assert.True(withScheme.Succeeded, withScheme.Detail);
        Assert.True(bare.Succeeded, bare.Detail);
    }

    [Fact]
    public async Task A_token_is_accepted_until_its_expiry_plus_the_clock_skew_and_refused_from_then_on()
    {
        var validator = Validator();
        var token = _signer.Rs256(Claims());
        var expiry = Now.AddSeconds(3600);

        _time.SetUtcNow(expiry.AddSeconds(29));
        var justBefore = await validator.ValidateAsync(token, default);
        _time.SetUtcNow(expiry.AddSeconds(30));
        var atLimit = await validator.ValidateAsync(token, default);

        Assert.True(justBefore.Succeeded, justBefore.Detail);
        Assert.Equal(IdentityFailureReason.Expired, atLimit.Failure);
    }

    [Fact]
    public async Task An_expired_token_is_refused_as_expired()
    {
        var token = _signer.Rs256(Claims(c => c["exp"] = Now.ToUnixTimeSeconds() - 3600));

        var result = await Validator().ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.Expired, result.Failure);
    }

    [Fact]
    public async Task A_token_issued_more_than_the_clock_skew_in_the_future_is_not_yet_valid()
    {
        var validator = Validator();

        var inSkew = await validator.ValidateAsync(_signer.Rs256(Claims(c => c["iat"] = Now.ToUnixTimeSeconds() + 30)), default);
        var beyond = await validator.ValidateAsync(_signer.Rs256(Claims(c => c["iat"] = Now.ToUnixTimeSeconds() + 31)), default);
        var notBefore = await validator.ValidateAsync(_signer.Rs256(Claims(c => c["nbf"] = Now.ToUnixTimeSeconds() + 60)), default);

        Assert.True(inSkew.Succeeded, inSkew.Detail);
        Assert.Equal(IdentityFailureReason.NotYetValid, beyond.Failure);
        Assert.Equal(IdentityFailureReason.NotYetValid, notBefore.Failure);
    }

    [Fact]
    public async Task A_token_for_another_application_is_wrong_audience()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(c => c["aud"] = "someone-else.apps.googleusercontent.com")), default);

        Assert.Equal(IdentityFailureReason.WrongAudience, result.Failure);
    }

    [Fact]
    public async Task A_token_that_also_names_an_untrusted_audience_is_wrong_audience()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(c => c["aud"] = new[] { Audience, "someone-else" })), default);

        Assert.Equal(IdentityFailureReason.WrongAudience, result.Failure);
    }

    [Fact]
    public async Task A_token_without_an_audience_is_wrong_audience()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(c => c.Remove("aud"))), default);

        Assert.Equal(IdentityFailureReason.WrongAudience, result.Failure);
    }

    [Fact]
    public async Task A_token_from_an_untrusted_issuer_is_wrong_issuer()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(c => c["iss"] = "https://evil.example.com")), default);

        Assert.Equal(IdentityFailureReason.WrongIssuer, result.Failure);
    }

    [Fact]
    public async Task A_configured_issuer_replaces_googles()
    {
        var validator = Validator(o => o.TrustedIssuers.Add("https://login.example.org"));

        var own = await validator.ValidateAsync(_signer.Rs256(Claims(c => c["iss"] = "https://login.example.org")), default);
        var google = await validator.ValidateAsync(_signer.Rs256(Claims()), default);

        Assert.True(own.Succeeded, own.Detail);
        Assert.Equal(IdentityFailureReason.WrongIssuer, google.Failure);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_not_in_the_key_set_is_a_bad_signature()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(), _signer.OtherRsa), default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_is_a_bad_signature()
    {
        var parts = _signer.Rs256(Claims()).Split('.');
        var forged = TestSigner.Sign(new { alg = "RS256", kid = "rsa-1", typ = "JWT" }, Claims(c => c["email"] = "boss@example.com"), _ => []).Split('.')[1];

        var result = await Validator().ValidateAsync($"{parts[0]}.{forged}.{parts[2]}", default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_a_bad_signature()
    {
        var result = await Validator().ValidateAsync(TestSigner.Unsigned(Claims()), default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public async Task An_hs256_token_keyed_with_the_public_key_is_a_bad_signature()
    {
        var result = await Validator().ValidateAsync(_signer.Hs256WithPublicKeyAsSecret(Claims()), default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public async Task An_es256_token_is_a_bad_signature_when_the_issuer_publishes_only_rsa_keys()
    {
        await using var rsaOnly = await JwksServer.StartAsync(TestSigner.Jwks(_signer.RsaJwk()));

        var result = await Validator(rsaOnly.NewKeySetUrl()).ValidateAsync(_signer.Es256(Claims()), default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public async Task A_validly_signed_token_longer_than_the_limit_is_too_large()
    {
        var keySet = _keys.NewKeySetUrl();
        var token = _signer.Rs256(Claims(c => c["padding"] = new string('x', 8 * 1024)));

        var result = await Validator(keySet).ValidateAsync(token, default);
        var raisedLimit = await Validator(keySet, o => o.MaxTokenLength = 16 * 1024).ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.TooLarge, result.Failure);
        Assert.True(raisedLimit.Succeeded, raisedLimit.Detail);
    }

    [Fact]
    public async Task A_token_without_three_parts_is_malformed()
    {
        var parts = _signer.Rs256(Claims()).Split('.');

        var result = await Validator().ValidateAsync(parts[0] + "." + parts[1], default);

        Assert.Equal(IdentityFailureReason.Malformed, result.Failure);
    }

    [Fact]
    public async Task A_token_with_a_part_that_is_not_base64url_is_malformed()
    {
        var parts = _signer.Rs256(Claims()).Split('.');

        var result = await Validator().ValidateAsync($"{parts[0]}.{parts[1]}*.{parts[2]}", default);

        Assert.Equal(IdentityFailureReason.Malformed, result.Failure);
    }

    [Fact]
    public async Task A_token_from_another_hosted_domain_is_wrong_hosted_domain()
    {
        var validator = Validator(o => o.HostedDomain = "Example.COM");

        var same = await validator.ValidateAsync(_signer.Rs256(Claims()), default);
        var other = await validator.ValidateAsync(_signer.Rs256(Claims(c => c["hd"] = "other.com")), default);
        var consumer = await validator.ValidateAsync(_signer.Rs256(Claims(c => c.Remove("hd"))), default);

        Assert.True(same.Succeeded, same.Detail);
        Assert.Equal(IdentityFailureReason.WrongHostedDomain, other.Failure);
        Assert.Equal(IdentityFailureReason.WrongHostedDomain, consumer.Failure);
    }

    [Fact]
    public async Task An_unverified_email_is_refused_unless_allowed()
    {
        var token = _signer.Rs256(Claims(c => c["email_verified"] = false));

        var strict = await Validator().ValidateAsync(token, default);
        var lenient = await Validator(o => o.RequireVerifiedEmail = false).ValidateAsync(token, default);

        Assert.Equal(IdentityFailureReason.EmailNotVerified, strict.Failure);
        Assert.True(lenient.Succeeded, lenient.Detail);
        Assert.False(lenient.Identity!.EmailVerified);
    }

    [Fact]
    public async Task A_token_without_an_email_is_no_email()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(c => c.Remove("email"))), default);

        Assert.Equal(IdentityFailureReason.NoEmail, result.Failure);
    }

    [Fact]
    public async Task A_token_without_a_subject_is_malformed()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(c => c.Remove("sub"))), default);

        Assert.Equal(IdentityFailureReason.Malformed, result.Failure);
    }

    [Fact]
    public async Task A_key_server_that_is_down_makes_the_provider_unavailable()
    {
        var server = await JwksServer.StartAsync(TestSigner.Jwks(_signer.RsaJwk()));
        var keySet = server.NewKeySetUrl();
        await server.DisposeAsync();

        var result = await Validator(keySet).ValidateAsync(_signer.Rs256(Claims()), default);

        Assert.Equal(IdentityFailureReason.ProviderUnavailable, result.Failure);
    }

    [Fact]
    public async Task Keys_are_fetched_once_per_algorithm_not_per_token()
    {
        var keySet = _keys.NewKeySetUrl();
        var validator = Validator(keySet);

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await validator.ValidateAsync(_signer.Rs256(Claims(c => c["sub"] = $"user-{i}")), default)).Succeeded);
        }

        Assert.Equal(1, _keys.Fetches(keySet));

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await validator.ValidateAsync(_signer.Es256(Claims()), default)).Succeeded);
        }

        Assert.Equal(2, _keys.Fetches(keySet));
    }

    [Fact]
    public async Task A_bad_signature_is_reported_before_any_claim_problem()
    {
        var result = await Validator().ValidateAsync(_signer.Rs256(Claims(c => c["iss"] = "https://evil.example.com"), _signer.OtherRsa), default);

        Assert.Equal(IdentityFailureReason.BadSignature, result.Failure);
    }
}
