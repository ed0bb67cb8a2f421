using Rethink.Ims.Credentials;
using static Rethink.Ims.Tests.Credentials.CredentialFixtures;

namespace Rethink.Ims.Tests.Credentials;

public class EphemeralCredentialGeneratorTests
{
    private static EphemeralCredentialGenerator Generator(long now, SecretRing? ring = null, EphemeralUsernameFormat format = EphemeralUsernameFormat.ExpiryThenUser) =>
        new(ring ?? new SecretRing([SharedSecret]), new EphemeralCredentialOptions { UsernameFormat = format }, ClockAt(now));

    [Fact]
    public void Generate_puts_now_plus_ttl_as_the_expiry()
    {
        EphemeralCredential credential = Generator(Expiry - 86_400).Generate("alice", TimeSpan.FromDays(1));

        Assert.Equal("1700000000:alice", credential.Username);
        Assert.Equal(AliceSha1, credential.Password);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Expiry), credential.Expires);
    }

    [Fact]
    public void Generate_drops_fractions_of_the_clock_and_the_ttl()
    {
        var clock = ClockAt(Expiry - 10);
        clock.Advance(TimeSpan.FromMilliseconds(900));
        var generator = new EphemeralCredentialGenerator(new SecretRing([SharedSecret]), new EphemeralCredentialOptions(), clock);

        Assert.Equal("1700000000:alice", generator.Generate("alice", TimeSpan.FromSeconds(10.9)).Username);
    }

    [Fact]
    public void Generate_with_zero_ttl_is_valid_for_the_current_second()
    {
        var clock = ClockAt(Expiry);
        var ring = new SecretRing([SharedSecret]);
        var generator = new EphemeralCredentialGenerator(ring, new EphemeralCredentialOptions(), clock);
        var verifier = new EphemeralCredentialVerifier(ring, new EphemeralCredentialOptions(), clock);

        EphemeralCredential credential = generator.Generate("alice", TimeSpan.Zero);

        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify(credential.Username, credential.Password));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(EphemeralCheckResult.Expired, verifier.Verify(credential.Username, credential.Password));
    }

    [Fact]
    public void Generate_signs_with_the_newest_secret()
    {
        var ring = new SecretRing(["older-secret"]);
        ring.Add(SharedSecret);

        Assert.Equal(AliceSha1, Generator(Expiry - 1, ring).Generate("alice", TimeSpan.FromSeconds(1)).Password);
    }

    [Fact]
    public void Generate_for_an_empty_user_gives_a_bare_timestamp()
    {
        EphemeralCredential credential = Generator(Expiry).Generate("", TimeSpan.Zero);

        Assert.Equal("1700000000", credential.Username);
        Assert.Equal("llLqbnrLMFz0flKdpA8TbUdXSt8=", credential.Password);
    }

    [Fact]
    public void Generate_keeps_colons_in_a_format_one_user()
    {
        EphemeralCredential credential = Generator(Expiry).Generate("a:b", TimeSpan.Zero);

        Assert.Equal("1700000000:a:b", credential.Username);
        Assert.Equal(EphemeralCheckResult.Valid, VerifierAt(Expiry).Verify(credential.Username, credential.Password));
    }

    [Fact]
    public void Generate_refuses_a_colon_in_a_format_zero_user()
    {
        var generator = Generator(Expiry, format: EphemeralUsernameFormat.UserThenExpiry);

        Assert.Throws<ArgumentException>(() => generator.Generate("a:b", TimeSpan.Zero));
    }

    [Fact]
    public void Generate_with_an_empty_ring_is_a_configuration_error()
    {
        var generator = Generator(Expiry, new SecretRing([]));

        var error = Assert.Throws<InvalidOperationException>(() => generator.Generate("alice", TimeSpan.FromHours(1)));
        Assert.Contains("secret ring is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_rejects_a_negative_ttl()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Generator(Expiry).Generate("alice", TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Generate_rejects_an_expiry_kamailio_cannot_read()
    {
        var generator = Generator(0);

        Assert.Equal("4294967295:alice", generator.Generate("alice", DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue)).Username);
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate("alice", DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue + 1L)));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate("alice", DateTimeOffset.FromUnixTimeSeconds(-1)));
    }

    [Fact]
    public void Generate_rejects_a_null_user()
    {
        Assert.Throws<ArgumentNullException>(() => Generator(Expiry).Generate(null!, TimeSpan.Zero));
    }

    [Fact]
    public void Credential_text_never_shows_the_password()
    {
        EphemeralCredential credential = Generator(Expiry).Generate("alice", TimeSpan.Zero);

        Assert.Equal("EphemeralCredential { Username = 1700000000:alice, Expires = 2023-11-14T22:13:20.0000000+00:00 }", credential.ToString());
    }
}
