using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// Proves the harness (Kamailio fixture, SIP client, digest, HMAC oracle) against a real Kamailio without
/// using Rethink.Ims' credential code, and pins Kamailio's own answers to the edge cases.
/// </summary>
[Collection(KamailioCollection.Name)]
public sealed class KamailioHarnessTests(KamailioFixture kamailio)
{
    public static TheoryData<EphemeralUsernameFormat, EphemeralHashAlgorithm> FormatsAndHashes
    {
        get
        {
            var data = new TheoryData<EphemeralUsernameFormat, EphemeralHashAlgorithm>();
            foreach (var format in Enum.GetValues<EphemeralUsernameFormat>())
            {
                foreach (var hash in Enum.GetValues<EphemeralHashAlgorithm>())
                {
                    data.Add(format, hash);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Digest_client_matches_the_FACTS_vector()
    {
        const string username = "1700000000:alice", password = "hLPmXJVocY8D4epKpYSIuItdyzM=";
        Assert.Equal("e99c632c89e73fd19e658981c5694748", SipDigest.Ha1("MD5", username, "example.com", password));
        Assert.Equal("7aea6019b30b2561bd86a8eb20bdb5a7bdba5c6291da9c9742c27b70788c6fc3", SipDigest.Ha1("SHA-256", username, "example.com", password));
        Assert.Equal(
            "cbb303dcd4ee071ae206169c820a7546",
            SipDigest.Response("MD5", username, "example.com", password, "REGISTER", "sip:example.com", "abc"));
    }

    [Theory]
    [InlineData("shared_secret_key", "1700000000:alice", EphemeralHashAlgorithm.Sha1, "hLPmXJVocY8D4epKpYSIuItdyzM=")]
    [InlineData("shared_secret_key", "1700000000:alice", EphemeralHashAlgorithm.Sha256, "G/Z0JSk6k5Y1VOWVSEQzyJix/lAjrwsKq+VCE40NI4U=")]
    [InlineData("shared_secret_key", "1700000000:alice", EphemeralHashAlgorithm.Sha384, "ivtrmEn2nmWbSaw/7I/4yKn1cAm46ZTF4eRzskV1tPPfKHn86r/paLoQsFNEEBfc")]
    [InlineData("shared_secret_key", "1700000000:alice", EphemeralHashAlgorithm.Sha512, "4xuVCX80yC4VbSES65uVuBCsvC1AtPC3rYmzmz3t3SPe5aqm7djzfWNf0+FEwKMWddvzJuezfYILCnfmD1q81w==")]
    [InlineData("shared_secret_key", "alice:1700000000", EphemeralHashAlgorithm.Sha1, "AYtRGgGkXWFpqZOWFTXeiuVb0sE=")]
    [InlineData("shared_secret_key", "1700000000:alice@example.com", EphemeralHashAlgorithm.Sha1, "NOxNV1ePGbf3MXaz0fS8Z7BlhpA=")]
    [InlineData("shared_secret_key", "1700000000", EphemeralHashAlgorithm.Sha1, "llLqbnrLMFz0flKdpA8TbUdXSt8=")]
    public void Hmac_oracle_matches_the_FACTS_vectors(string secret, string username, EphemeralHashAlgorithm hash, string password) =>
        Assert.Equal(password, HmacOracle.Password(secret, username, hash));

    [Fact]
    public async Task First_register_without_credentials_gets_401_with_rc_minus_5_and_a_qop_auth_md5_challenge()
    {
        var server = await kamailio.GetAsync(new KamailioConfig());
        var username = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600}:alice";
        var outcome = await server.RegisterAsync(username, HmacOracle.Password(KamailioConfig.DefaultSecret, username, EphemeralHashAlgorithm.Sha1));

        KamailioAssert.Registered(server, outcome);
        var challenge = outcome.Challenge.Challenge!;
        Assert.Equal("auth", challenge.Qop);
        Assert.Equal("MD5", challenge.Algorithm);
    }

    [Theory]
    [MemberData(nameof(FormatsAndHashes))]
    public async Task Oracle_credential_registers_with_200_and_rc_1(EphemeralUsernameFormat format, EphemeralHashAlgorithm hash)
    {
        var server = await kamailio.GetAsync(new KamailioConfig { UsernameFormat = format, HashAlgorithm = hash });
        var expiry = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600;
        var username = format == EphemeralUsernameFormat.ExpiryThenUser ? $"{expiry}:alice" : $"alice:{expiry}";

        var outcome = await server.RegisterAsync(username, HmacOracle.Password(KamailioConfig.DefaultSecret, username, hash));

        KamailioAssert.Registered(server, outcome);
    }

    [Fact]
    public async Task Oracle_credential_registers_when_the_challenge_offers_no_qop()
    {
        var server = await kamailio.GetAsync(new KamailioConfig { ChallengeWithQopAuth = false });
        var username = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600}:alice";

        var outcome = await server.RegisterAsync(username, HmacOracle.Password(KamailioConfig.DefaultSecret, username, EphemeralHashAlgorithm.Sha1));

        Assert.Null(outcome.Challenge.Challenge!.Qop);
        KamailioAssert.Registered(server, outcome);
    }

    [Fact]
    public async Task Credentials_for_another_realm_are_rechallenged_with_rc_minus_5()
    {
        var server = await kamailio.GetAsync(new KamailioConfig());
        var username = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600}:alice";

        var outcome = await server.RegisterAsync(
            username, HmacOracle.Password(KamailioConfig.DefaultSecret, username, EphemeralHashAlgorithm.Sha1), answerRealm: "other.example");

        KamailioAssert.Rechallenged(server, outcome, (int)EphemeralCheckResult.NoCredentials);
    }

    [Theory]
    [InlineData("rethink-ims-kamailio-it-new", 200, 1)]
    [InlineData("rethink-ims-kamailio-it-old", 200, 1)]
    [InlineData("rethink-ims-kamailio-it-retired", 401, -2)]
    public async Task With_two_secrets_configured_both_are_accepted_and_no_other(string signingSecret, int status, int rc)
    {
        var server = await kamailio.GetAsync(TwoSecrets);
        var username = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600}:alice";

        var outcome = await server.RegisterAsync(username, HmacOracle.Password(signingSecret, username, EphemeralHashAlgorithm.Sha1));

        KamailioAssert.Outcome(server, outcome, status, rc);
    }

    [Fact]
    public async Task Diagnostics_redact_the_secrets_that_Kamailio_logs_at_start_up()
    {
        var server = await kamailio.GetAsync(TwoSecrets);

        var raw = await File.ReadAllTextAsync(server.LogPath);
        var diagnostics = server.Diagnostics(maxLines: int.MaxValue);

        foreach (var secret in TwoSecrets.SecretsNewestFirst)
        {
            Assert.Contains($"adding {secret} to secret list", raw, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, diagnostics, StringComparison.Ordinal);
        }

        Assert.Contains("adding <redacted> to secret list", diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EphemeralEdgeCases.Names), MemberType = typeof(EphemeralEdgeCases))]
    public async Task Kamailio_answers_the_edge_case_as_FACTS_says(string edgeCase)
    {
        var @case = EphemeralEdgeCases.Get(edgeCase);
        var server = await kamailio.GetAsync(@case.Config);
        var (username, password) = @case.Materialize(DateTimeOffset.UtcNow);

        var outcome = await server.RegisterAsync(username, password);

        KamailioAssert.Outcome(server, outcome, @case.KamailioRc == 1 ? 200 : 401, @case.KamailioRc);
    }

    /// <summary>The configuration of the two-secret tests: newest first, as Rethink.Ims' SecretRing takes them.</summary>
    internal static KamailioConfig TwoSecrets { get; } = new() { SecretsNewestFirst = ["rethink-ims-kamailio-it-new", "rethink-ims-kamailio-it-old"] };
}
