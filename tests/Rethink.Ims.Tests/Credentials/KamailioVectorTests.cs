using System.Text;
using Rethink.Ims.Credentials;
using static Rethink.Ims.Tests.Credentials.CredentialFixtures;

namespace Rethink.Ims.Tests.Credentials;

/// <summary>Every auth_ephemeral vector of FACTS.md §1 (the digest HA1 vectors belong to Sip/Auth).</summary>
public class KamailioVectorTests
{
    public static TheoryData<string, string, EphemeralHashAlgorithm, string> FormatOneVectors => new()
    {
        { SharedSecret, "1700000000:alice", EphemeralHashAlgorithm.Sha1, "hLPmXJVocY8D4epKpYSIuItdyzM=" },
        { SharedSecret, "1700000000:alice", EphemeralHashAlgorithm.Sha256, "G/Z0JSk6k5Y1VOWVSEQzyJix/lAjrwsKq+VCE40NI4U=" },
        { SharedSecret, "1700000000:alice", EphemeralHashAlgorithm.Sha384, "ivtrmEn2nmWbSaw/7I/4yKn1cAm46ZTF4eRzskV1tPPfKHn86r/paLoQsFNEEBfc" },
        { SharedSecret, "1700000000:alice", EphemeralHashAlgorithm.Sha512, "4xuVCX80yC4VbSES65uVuBCsvC1AtPC3rYmzmz3t3SPe5aqm7djzfWNf0+FEwKMWddvzJuezfYILCnfmD1q81w==" },
        { SharedSecret, "1700000000:alice@example.com", EphemeralHashAlgorithm.Sha1, "NOxNV1ePGbf3MXaz0fS8Z7BlhpA=" },
        { SharedSecret, "1700000000", EphemeralHashAlgorithm.Sha1, "llLqbnrLMFz0flKdpA8TbUdXSt8=" },
        { BugReportSecret, "1639478154:username@example.com", EphemeralHashAlgorithm.Sha1, "ErvUEdFCJyE8vgPoa9D2PdbtT9I=" },
        { BugReportSecret, "1639479006:username@example.com", EphemeralHashAlgorithm.Sha256, "c2H1sEMW1+E2IlElficEbIBPFirNGLXqnDIwj0tkP9Y=" },
        { BugReportSecret, "1639478516:username@example.com", EphemeralHashAlgorithm.Sha384, "GCPuWHrqVd8XUxJCOmZyscRJCON92n5H0xfDbxD4XFiq6oeGU5YShrKQ04eXX2Nc" },
        { BugReportSecret, "1639478053:username@example.com", EphemeralHashAlgorithm.Sha512, "CkkikhoQ6m6pbKriwGEeLW70nRCn4zHYvOrJtFuClxGH1n+isKmlVLyiMO4dEdQUf8fkWIlTHgRVlsN5Ct5xQw==" },
    };

    [Theory]
    [MemberData(nameof(FormatOneVectors))]
    public void Password_function_reproduces_the_vector(string secret, string username, EphemeralHashAlgorithm algorithm, string password)
    {
        Span<char> buffer = stackalloc char[EphemeralPassword.MaxLength];

        Assert.True(EphemeralPassword.TryCompute(username, Encoding.UTF8.GetBytes(secret), algorithm, buffer, out int written));

        Assert.Equal(password, new string(buffer[..written]));
        Assert.Equal(EphemeralPassword.GetLength(algorithm), written);
    }

    [Theory]
    [MemberData(nameof(FormatOneVectors))]
    public void Verify_accepts_the_vector_up_to_its_expiry(string secret, string username, EphemeralHashAlgorithm algorithm, string password)
    {
        uint expiry = EphemeralUsername.Parse(username, EphemeralUsernameFormat.ExpiryThenUser).Expiry;
        var verifier = Verifier(ClockAt(expiry), EphemeralUsernameFormat.ExpiryThenUser, algorithm, secret);

        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify(username, password));
        Assert.Equal(EphemeralCheckResult.Valid, verifier.Authenticate(username, password));
    }

    [Theory]
    [MemberData(nameof(FormatOneVectors))]
    public void Generate_produces_the_vector(string secret, string username, EphemeralHashAlgorithm algorithm, string password)
    {
        var parsed = EphemeralUsername.Parse(username, EphemeralUsernameFormat.ExpiryThenUser);
        var generator = new EphemeralCredentialGenerator(
            new SecretRing([secret]),
            new EphemeralCredentialOptions { HashAlgorithm = algorithm },
            ClockAt(0));

        EphemeralCredential credential = generator.Generate(parsed.User.ToString(), parsed.ExpiresAt);

        Assert.Equal(username, credential.Username);
        Assert.Equal(password, credential.Password);
        Assert.Equal(parsed.ExpiresAt, credential.Expires);
    }

    [Fact]
    public void Format_zero_vector_verifies_with_user_then_expiry()
    {
        var verifier = VerifierAt(Expiry, EphemeralUsernameFormat.UserThenExpiry);

        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify("alice:1700000000", "AYtRGgGkXWFpqZOWFTXeiuVb0sE="));
    }

    [Fact]
    public void Format_zero_vector_is_generated_with_user_then_expiry()
    {
        var generator = new EphemeralCredentialGenerator(
            new SecretRing([SharedSecret]),
            new EphemeralCredentialOptions { UsernameFormat = EphemeralUsernameFormat.UserThenExpiry },
            ClockAt(Expiry - 3600));

        EphemeralCredential credential = generator.Generate("alice", TimeSpan.FromHours(1));

        Assert.Equal("alice:1700000000", credential.Username);
        Assert.Equal("AYtRGgGkXWFpqZOWFTXeiuVb0sE=", credential.Password);
    }

    [Fact]
    public void Format_zero_vector_is_malformed_for_a_format_one_verifier()
    {
        Assert.Equal(EphemeralCheckResult.Malformed, VerifierAt(Expiry).Verify("alice:1700000000", "AYtRGgGkXWFpqZOWFTXeiuVb0sE="));
    }

    [Fact]
    public void Bare_timestamp_vector_verifies_in_both_formats()
    {
        Assert.Equal(EphemeralCheckResult.Valid, VerifierAt(Expiry).Verify("1700000000", "llLqbnrLMFz0flKdpA8TbUdXSt8="));
        Assert.Equal(
            EphemeralCheckResult.Valid,
            VerifierAt(Expiry, EphemeralUsernameFormat.UserThenExpiry).Verify("1700000000", "llLqbnrLMFz0flKdpA8TbUdXSt8="));
    }
}
