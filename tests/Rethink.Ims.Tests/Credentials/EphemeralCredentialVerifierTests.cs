using System.Text;
using Rethink.Ims.Credentials;
using static Rethink.Ims.Tests.AllocationProbe;
using static Rethink.Ims.Tests.Credentials.CredentialFixtures;

namespace Rethink.Ims.Tests.Credentials;

public class EphemeralCredentialVerifierTests
{
    [Fact]
    public void Verify_accepts_at_the_expiry_second_itself()
    {
        var clock = ClockAt(Expiry);

        Assert.Equal(EphemeralCheckResult.Valid, Verifier(clock).Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_accepts_until_the_last_fraction_of_the_expiry_second()
    {
        var clock = ClockAt(Expiry);
        clock.Advance(TimeSpan.FromMilliseconds(999));

        Assert.Equal(EphemeralCheckResult.Valid, Verifier(clock).Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_rejects_one_second_after_expiry()
    {
        var clock = ClockAt(Expiry);
        var verifier = Verifier(clock);

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(EphemeralCheckResult.Expired, verifier.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_reports_expired_before_a_wrong_password()
    {
        Assert.Equal(EphemeralCheckResult.Expired, VerifierAt(Expiry + 1).Verify("1700000000:alice", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    }

    [Fact]
    public void Verify_reports_malformed_before_a_wrong_password()
    {
        Assert.Equal(EphemeralCheckResult.Malformed, VerifierAt(Expiry).Verify("alice", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    }

    [Fact]
    public void Verify_accepts_any_expiry_in_the_future_without_a_maximum_ttl()
    {
        const string username = "4102444800:alice"; // 2100-01-01
        string password = PasswordOf(username, SharedSecret);

        Assert.Equal(EphemeralCheckResult.Valid, VerifierAt(Expiry).Verify(username, password));
    }

    [Fact]
    public void Verify_treats_a_password_without_padding_as_wrong()
    {
        Assert.Equal(EphemeralCheckResult.WrongPassword, VerifierAt(Expiry).Verify("1700000000:alice", AliceSha1.TrimEnd('=')));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hLPmXJVocY8D4epKpYSIuItdyzM")]
    [InlineData("hLPmXJVocY8D4epKpYSIuItdyzM==")]
    [InlineData("hlPmXJVocY8D4epKpYSIuItdyzM=")]
    [InlineData("HLPMXJVOCY8D4EPKPYSIUITDYZM=")]
    [InlineData(" hLPmXJVocY8D4epKpYSIuItdyzM=")]
    public void Verify_rejects_near_misses_of_the_password(string password)
    {
        Assert.Equal(EphemeralCheckResult.WrongPassword, VerifierAt(Expiry).Verify("1700000000:alice", password));
    }

    [Fact]
    public void Verify_accepts_a_credential_signed_with_an_older_secret()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha1, "newer-secret", SharedSecret);

        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_rejects_a_credential_whose_secret_is_gone()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha1, "newer-secret", "older-secret");

        Assert.Equal(EphemeralCheckResult.WrongPassword, verifier.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_with_an_empty_ring_reports_a_wrong_password()
    {
        var verifier = new EphemeralCredentialVerifier(new SecretRing([]), new EphemeralCredentialOptions(), ClockAt(Expiry));

        Assert.Equal(EphemeralCheckResult.WrongPassword, verifier.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_does_not_accept_a_password_of_another_algorithm()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha256, SharedSecret);

        Assert.Equal(EphemeralCheckResult.WrongPassword, verifier.Verify("1700000000:alice", AliceSha1));
    }

    [Theory]
    [InlineData(":alice", EphemeralCheckResult.Expired)]
    [InlineData("+:alice", EphemeralCheckResult.Expired)]
    [InlineData("", EphemeralCheckResult.Expired)]
    [InlineData("alice", EphemeralCheckResult.Malformed)]
    [InlineData("1700000000:", EphemeralCheckResult.Malformed)]
    [InlineData("4294967296:a", EphemeralCheckResult.Malformed)]
    [InlineData("17000000x0:alice", EphemeralCheckResult.Malformed)]
    [InlineData("-1700000000:alice", EphemeralCheckResult.Malformed)]
    [InlineData(" 1700000000:alice", EphemeralCheckResult.Malformed)]
    public void Verify_applies_kamailio_timestamp_rules_before_the_password(string username, EphemeralCheckResult expected)
    {
        Assert.Equal(expected, VerifierAt(Expiry).Verify(username, AliceSha1));
    }

    [Theory]
    [InlineData("1700000000")]
    [InlineData("+1700000000:a")]
    [InlineData("4294967295:a")]
    [InlineData("1700000000:alice:with:colons")]
    [InlineData("1700000000:\u00e9l\u00e8ve@\u00e9cole.fr")]
    public void Verify_accepts_unusual_but_valid_usernames(string username)
    {
        Assert.Equal(EphemeralCheckResult.Valid, VerifierAt(Expiry).Verify(username, PasswordOf(username, SharedSecret)));
    }

    [Fact]
    public void Verify_hashes_a_username_too_long_for_the_stack()
    {
        string username = "1700000000:" + new string('a', 4000);

        Assert.Equal(EphemeralCheckResult.Valid, VerifierAt(Expiry).Verify(username, PasswordOf(username, SharedSecret)));
        Assert.Equal(EphemeralCheckResult.WrongPassword, VerifierAt(Expiry).Verify(username + "b", PasswordOf(username, SharedSecret)));
    }

    [Fact]
    public void Verify_allocates_nothing()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha1, "newer-secret", SharedSecret);

        long allocated = SteadyStateAllocations(() =>
        {
            verifier.Verify("1700000000:alice", AliceSha1);
            verifier.Verify("1700000000:alice", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            verifier.Verify("1600000000:alice", AliceSha1);
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Authenticate_returns_one_minus_seven_or_minus_one()
    {
        var verifier = VerifierAt(Expiry);

        Assert.Equal(1, (int)verifier.Authenticate("1700000000:alice", AliceSha1));
        Assert.Equal(-7, (int)VerifierAt(Expiry + 1).Authenticate("1700000000:alice", AliceSha1));
        Assert.Equal(-1, (int)verifier.Authenticate("1700000000:alice", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        Assert.Equal(-1, (int)verifier.Authenticate("1700000000:alice", AliceSha1.TrimEnd('=')));
        Assert.Equal(-1, (int)verifier.Authenticate("alice", AliceSha1));
        Assert.Equal(-1, (int)verifier.Authenticate("", AliceSha1));
        Assert.Equal(-1, (int)verifier.Authenticate("1700000000:alice", ""));
    }

    [Fact]
    public void Authenticate_reports_expired_before_a_wrong_password()
    {
        Assert.Equal(EphemeralCheckResult.Expired, VerifierAt(Expiry + 1).Authenticate("1700000000:alice", "wrong"));
    }

    [Fact]
    public void Authenticate_with_an_empty_ring_is_an_error()
    {
        var verifier = new EphemeralCredentialVerifier(new SecretRing([]), new EphemeralCredentialOptions(), ClockAt(Expiry));

        Assert.Equal(EphemeralCheckResult.Malformed, verifier.Authenticate("1700000000:alice", AliceSha1));
    }

    [Theory]
    [InlineData("1700000000:alice", Expiry, EphemeralCheckResult.Valid)]
    [InlineData("1700000000:alice", Expiry + 1, EphemeralCheckResult.Expired)]
    [InlineData("alice", 0, EphemeralCheckResult.Malformed)]
    public void CheckExpiry_looks_only_at_the_timestamp(string username, long now, EphemeralCheckResult expected)
    {
        Assert.Equal(expected, VerifierAt(now).CheckExpiry(username));
    }

    [Fact]
    public void EnumeratePasswords_yields_each_secret_newest_first()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha1, "newer-secret", SharedSecret);
        Span<char> buffer = stackalloc char[EphemeralPassword.MaxLength];
        var seen = new List<(int Index, string Password)>();

        foreach (ReadOnlySpan<char> password in verifier.EnumeratePasswords("1700000000:alice", buffer))
        {
            seen.Add((seen.Count, password.ToString()));
        }

        Assert.Equal(new (int, string)[] { (0, PasswordOf("1700000000:alice", "newer-secret")), (1, AliceSha1) }, seen);
    }

    [Fact]
    public void EnumeratePasswords_reports_the_secret_index()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha512, "a", "b", "c");
        Span<char> buffer = stackalloc char[verifier.PasswordLength];
        var passwords = verifier.EnumeratePasswords("1700000000:alice", buffer);
        var indexes = new List<int> { passwords.SecretIndex };

        while (passwords.MoveNext())
        {
            Assert.Equal(88, passwords.Current.Length);
            indexes.Add(passwords.SecretIndex);
        }

        Assert.Equal(new[] { -1, 0, 1, 2 }, indexes);
        Assert.Equal(3, passwords.SecretCount);
        Assert.True(passwords.Current.IsEmpty);
    }

    [Fact]
    public void EnumeratePasswords_keeps_the_ring_it_started_with()
    {
        var ring = new SecretRing(["a", SharedSecret]);
        var verifier = new EphemeralCredentialVerifier(ring, new EphemeralCredentialOptions(), ClockAt(Expiry));
        Span<char> buffer = stackalloc char[EphemeralPassword.MaxLength];
        var passwords = verifier.EnumeratePasswords("1700000000:alice", buffer);

        Assert.True(passwords.MoveNext());
        ring.Replace(["x"]);
        Assert.True(passwords.MoveNext());

        Assert.Equal(AliceSha1, passwords.Current.ToString());
        Assert.False(passwords.MoveNext());
    }

    [Fact]
    public void EnumeratePasswords_allocates_nothing()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha256, "a", "b", SharedSecret);
        int total = 0;

        long allocated = SteadyStateAllocations(() =>
        {
            Span<char> buffer = stackalloc char[EphemeralPassword.MaxLength];
            foreach (ReadOnlySpan<char> password in verifier.EnumeratePasswords("1700000000:alice", buffer))
            {
                total += password.Length;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    [Fact]
    public void EnumeratePasswords_rejects_a_buffer_too_small()
    {
        var verifier = Verifier(ClockAt(Expiry), EphemeralUsernameFormat.ExpiryThenUser, EphemeralHashAlgorithm.Sha256, SharedSecret);

        Assert.Throws<ArgumentException>(() => verifier.EnumeratePasswords("1700000000:alice", new char[43]));
    }

    [Fact]
    public void Constructor_rejects_undefined_options()
    {
        var ring = new SecretRing([SharedSecret]);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new EphemeralCredentialVerifier(ring, new EphemeralCredentialOptions { HashAlgorithm = (EphemeralHashAlgorithm)4 }, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new EphemeralCredentialVerifier(ring, new EphemeralCredentialOptions { UsernameFormat = (EphemeralUsernameFormat)2 }, TimeProvider.System));
    }

    [Fact]
    public void Verifier_keeps_the_options_it_was_built_with()
    {
        var options = new EphemeralCredentialOptions();
        var verifier = new EphemeralCredentialVerifier(new SecretRing([SharedSecret]), options, ClockAt(Expiry));

        options.HashAlgorithm = EphemeralHashAlgorithm.Sha512;

        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Password_is_computed_over_utf8_bytes()
    {
        const string username = "1700000000:\u00e9";
        string viaBytes = Convert.ToBase64String(
            System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(SharedSecret), Encoding.UTF8.GetBytes(username)));

        Assert.Equal(viaBytes, PasswordOf(username, SharedSecret, EphemeralHashAlgorithm.Sha256));
    }
}
