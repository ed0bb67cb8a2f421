using System.Net;
using System.Text.Json;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Identity;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>GET /credential through a real Kestrel, with ID tokens signed by a test key and verified by Google.Apis.Auth.</summary>
public sealed class CredentialEndpointTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>, IAsyncLifetime
{
    private CredentialServerHost _host = null!;

    public async Task InitializeAsync() => _host = await CredentialServerHost.StartAsync(tokens.TrustingConfiguration());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task No_authorization_header_gets_401_with_a_bearer_challenge_and_a_reason()
    {
        using var response = await _host.GetCredentialAsync(authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblemAsync(response, "missing-token");
    }

    [Theory]
    [InlineData("Bearer {0}")]
    [InlineData("Bearer: {0}")]
    [InlineData("bearer {0}")]
    public async Task Both_bearer_forms_get_a_credential_that_verifies_under_the_shared_secret(string header)
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var response = await _host.GetCredentialAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, header, tokens.Token()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = json.RootElement;
        var username = body.GetProperty("username").GetString()!;
        var password = body.GetProperty("password").GetString()!;
        var authorizationUser = body.GetProperty("authorizationUser").GetString()!;

        // The original service's shape: "<expiry>:<local part>@<domain>", the HMAC over "<expiry>:<local part>".
        Assert.Equal(authorizationUser + "@example.com", username);
        var expiry = long.Parse(authorizationUser.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("alice", authorizationUser.Split(':')[1]);
        Assert.InRange(expiry - before, 86400, 86400 + 5);
        Assert.Equal(86400, body.GetProperty("ttl").GetInt32());
        Assert.Equal(["wss://sip.example.com"], body.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("sip:alice@example.com", body.GetProperty("sipUri").GetString());
        Assert.Equal("example.com", body.GetProperty("realm").GetString());
        Assert.False(body.TryGetProperty("iceServers", out _));

        var verifier = new EphemeralCredentialVerifier(
            new SecretRing([CredentialServerHost.Secret]), new EphemeralCredentialOptions(), TimeProvider.System);
        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify(authorizationUser, password));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Expired_token_is_refused_as_expired()
    {
        var claims = SignedTokenFixture.Claims(expiresIn: TimeSpan.FromMinutes(-10));
        await AssertRefusedAsync(tokens.Token(claims), HttpStatusCode.Unauthorized, "expired-token");
    }

    [Fact]
    public async Task Token_for_another_application_is_refused_as_wrong_audience()
    {
        var claims = SignedTokenFixture.Claims();
        claims["aud"] = "some-other-app";
        await AssertRefusedAsync(tokens.Token(claims), HttpStatusCode.Unauthorized, "wrong-audience");
    }

    [Fact]
    public async Task Token_from_an_untrusted_issuer_is_refused_as_wrong_issuer()
    {
        var claims = SignedTokenFixture.Claims();
        claims["iss"] = "https://evil.test";
        await AssertRefusedAsync(tokens.Token(claims), HttpStatusCode.Unauthorized, "wrong-issuer");
    }

    [Fact]
    public async Task Token_signed_by_another_key_is_refused_as_bad_signature()
    {
        var token = tokens.Signer.Rs256(SignedTokenFixture.Claims(), tokens.Signer.OtherRsa);
        await AssertRefusedAsync(token, HttpStatusCode.Unauthorized, "bad-signature");
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_refused_as_bad_signature() =>
        await AssertRefusedAsync(TestSigner.Unsigned(SignedTokenFixture.Claims()), HttpStatusCode.Unauthorized, "bad-signature");

    [Fact]
    public async Task Oversized_token_is_refused_before_parsing()
    {
        var claims = SignedTokenFixture.Claims();
        claims["padding"] = new string('x', 9000);
        await AssertRefusedAsync(tokens.Token(claims), HttpStatusCode.Unauthorized, "token-too-large");
    }

    [Fact]
    public async Task Garbage_token_is_refused_as_malformed() =>
        await AssertRefusedAsync("not-a-jwt", HttpStatusCode.Unauthorized, "malformed-token");

    [Fact]
    public async Task Unknown_authorization_scheme_is_treated_as_no_token()
    {
        using var response = await _host.GetCredentialAsync("Basic " + tokens.Token());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertProblemAsync(response, "missing-token");
    }

    [Fact]
    public async Task Health_endpoint_reports_healthy_with_a_secret()
    {
        using var response = await _host.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Development_endpoints_are_absent_when_the_development_issuer_is_off()
    {
        using var response = await _host.Client.GetAsync(new Uri("/dev/token?email=alice@example.com", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task AssertRefusedAsync(string token, HttpStatusCode status, string reason)
    {
        using var response = await _host.GetCredentialAsync("Bearer " + token);
        Assert.Equal(status, response.StatusCode);
        await AssertProblemAsync(response, reason);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        Assert.Equal(reason, json.RootElement.GetProperty("reason").GetString());
        Assert.Equal("urn:rethink-ims:problem:" + reason, json.RootElement.GetProperty("type").GetString());
        Assert.False(text.Contains(CredentialServerHost.Secret, StringComparison.Ordinal));
    }
}
