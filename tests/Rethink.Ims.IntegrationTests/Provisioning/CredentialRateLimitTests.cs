using System.Net;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>Rate limits per client address and per identity.</summary>
public sealed class CredentialRateLimitTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>
{
    [Fact]
    public async Task Requests_beyond_the_per_address_limit_get_429_with_retry_after()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:RateLimit:PerAddressPerMinute"] = "3";
        await using var host = await CredentialServerHost.StartAsync(config);

        for (var i = 0; i < 3; i++)
        {
            using var ok = await host.GetCredentialAsync("Bearer " + tokens.Token());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await host.GetCredentialAsync("Bearer " + tokens.Token());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        await CredentialEndpointTests.AssertProblemAsync(limited, "rate-limited");
    }

    [Fact]
    public async Task One_identity_is_limited_while_another_still_gets_credentials()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:RateLimit:PerIdentityPerMinute"] = "2";
        await using var host = await CredentialServerHost.StartAsync(config);
        var alice = tokens.Token();
        var bobClaims = SignedTokenFixture.Claims("bob@example.com");
        bobClaims["sub"] = "bob-subject";

        using var first = await host.GetCredentialAsync("Bearer " + alice);
        using var second = await host.GetCredentialAsync("Bearer " + alice);
        using var third = await host.GetCredentialAsync("Bearer " + alice);
        using var bob = await host.GetCredentialAsync("Bearer " + tokens.Token(bobClaims));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
    }
}
