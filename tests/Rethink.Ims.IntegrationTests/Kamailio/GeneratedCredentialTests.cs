using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>Credentials from Rethink.Ims' EphemeralCredentialGenerator against a real Kamailio auth_ephemeral, and the verifier's verdict on the same inputs.</summary>
[Collection(KamailioCollection.Name)]
public sealed class GeneratedCredentialTests(KamailioFixture kamailio)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    public static TheoryData<EphemeralUsernameFormat, EphemeralHashAlgorithm> FormatsAndHashes => KamailioHarnessTests.FormatsAndHashes;

    [Theory]
    [MemberData(nameof(FormatsAndHashes))]
    public async Task Generated_credential_registers_with_200_and_rc_1(EphemeralUsernameFormat format, EphemeralHashAlgorithm hash)
    {
        var config = new KamailioConfig { UsernameFormat = format, HashAlgorithm = hash };
        var server = await kamailio.GetAsync(config);
        var credential = Generator(config, TimeProvider.System).Generate("alice", Ttl);

        var outcome = await server.RegisterAsync(credential.Username, credential.Password);

        KamailioAssert.Registered(server, outcome);
        KamailioAssert.SameVerdict(server, outcome, Verifier(config).Verify(credential.Username, credential.Password));
    }

    [Fact]
    public async Task Expired_generated_credential_is_rechallenged_with_rc_minus_7()
    {
        var config = new KamailioConfig();
        var server = await kamailio.GetAsync(config);
        var twoHoursAgo = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(2));
        var credential = Generator(config, twoHoursAgo).Generate("alice", Ttl);

        var outcome = await server.RegisterAsync(credential.Username, credential.Password);

        KamailioAssert.Rechallenged(server, outcome, (int)EphemeralCheckResult.Expired);
        KamailioAssert.SameVerdict(server, outcome, Verifier(config).Verify(credential.Username, credential.Password));
    }

    [Fact]
    public async Task Generated_username_with_a_wrong_password_is_rechallenged_with_rc_minus_2()
    {
        var config = new KamailioConfig();
        var server = await kamailio.GetAsync(config);
        var now = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = Generator(config, now).Generate("alice", Ttl);
        var wrong = Generator(config, now, "not-the-configured-secret").Generate("alice", Ttl).Password;

        var outcome = await server.RegisterAsync(credential.Username, wrong);

        KamailioAssert.Rechallenged(server, outcome, (int)EphemeralCheckResult.WrongPassword);
        KamailioAssert.SameVerdict(server, outcome, Verifier(config).Verify(credential.Username, wrong));
    }

    [Fact]
    public async Task Expired_generated_username_with_a_wrong_password_reports_expired()
    {
        var config = new KamailioConfig();
        var server = await kamailio.GetAsync(config);
        var twoHoursAgo = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(2));
        var credential = Generator(config, twoHoursAgo).Generate("alice", Ttl);
        var wrong = Generator(config, twoHoursAgo, "not-the-configured-secret").Generate("alice", Ttl).Password;

        var outcome = await server.RegisterAsync(credential.Username, wrong);

        KamailioAssert.Rechallenged(server, outcome, (int)EphemeralCheckResult.Expired);
        KamailioAssert.SameVerdict(server, outcome, Verifier(config).Verify(credential.Username, wrong));
    }

    [Fact]
    public async Task Generated_password_without_its_base64_padding_is_a_wrong_password()
    {
        var config = new KamailioConfig();
        var server = await kamailio.GetAsync(config);
        var credential = Generator(config, TimeProvider.System).Generate("alice", Ttl);
        var unpadded = credential.Password.TrimEnd('=');
        Assert.NotEqual(credential.Password, unpadded);

        var outcome = await server.RegisterAsync(credential.Username, unpadded);

        KamailioAssert.Rechallenged(server, outcome, (int)EphemeralCheckResult.WrongPassword);
        KamailioAssert.SameVerdict(server, outcome, Verifier(config).Verify(credential.Username, unpadded));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Credential_signed_with_either_of_two_configured_secrets_is_accepted(int secretIndex)
    {
        var config = KamailioHarnessTests.TwoSecrets;
        var server = await kamailio.GetAsync(config);
        var credential = Generator(config, TimeProvider.System, config.SecretsNewestFirst[secretIndex]).Generate("alice", Ttl);

        var outcome = await server.RegisterAsync(credential.Username, credential.Password);

        KamailioAssert.Registered(server, outcome);
        KamailioAssert.SameVerdict(server, outcome, Verifier(config).Verify(credential.Username, credential.Password));
    }

    [Fact]
    public async Task Generated_user_with_a_domain_registers()
    {
        var config = new KamailioConfig();
        var server = await kamailio.GetAsync(config);
        var credential = Generator(config, TimeProvider.System).Generate("alice@example.com", Ttl);

        var outcome = await server.RegisterAsync(credential.Username, credential.Password);

        KamailioAssert.Registered(server, outcome);
        KamailioAssert.SameVerdict(server, outcome, Verifier(config).Verify(credential.Username, credential.Password));
    }

    [Theory]
    [MemberData(nameof(EphemeralEdgeCases.Names), MemberType = typeof(EphemeralEdgeCases))]
    public async Task Verifier_verdict_equals_Kamailio_rc(string edgeCase)
    {
        var @case = EphemeralEdgeCases.Get(edgeCase);
        var server = await kamailio.GetAsync(@case.Config);
        var (username, password) = @case.Materialize(DateTimeOffset.UtcNow);

        var outcome = await server.RegisterAsync(username, password);
        var verdict = Verifier(@case.Config).Verify(username, password);

        KamailioAssert.SameVerdict(server, outcome, verdict);
    }

    private static EphemeralCredentialOptions Options(KamailioConfig config) =>
        new() { UsernameFormat = config.UsernameFormat, HashAlgorithm = config.HashAlgorithm };

    private static EphemeralCredentialGenerator Generator(KamailioConfig config, TimeProvider time, string? secret = null) =>
        new(new SecretRing(secret is null ? config.SecretsNewestFirst : [secret]), Options(config), time);

    private static EphemeralCredentialVerifier Verifier(KamailioConfig config) =>
        new(new SecretRing(config.SecretsNewestFirst), Options(config), TimeProvider.System);
}
