using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.Tests.Credentials;

/// <summary>Secrets from FACTS.md §1 and small builders shared by the credential tests.</summary>
internal static class CredentialFixtures
{
    public const string SharedSecret = "shared_secret_key";
    public const string BugReportSecret = "ScdQfmaFh8eytDwrMshLnwb8cek5QmHhScdQfmaFh8eytDwrMshLnwb8cek5QmHh";

    /// <summary>Expiry used by most FACTS.md vectors.</summary>
    public const long Expiry = 1_700_000_000;

    /// <summary>Password of <c>1700000000:alice</c> under <see cref="SharedSecret"/>, SHA1.</summary>
    public const string AliceSha1 = "hLPmXJVocY8D4epKpYSIuItdyzM=";

    public static FakeTimeProvider ClockAt(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    public static EphemeralCredentialVerifier Verifier(
        TimeProvider time,
        EphemeralUsernameFormat format = EphemeralUsernameFormat.ExpiryThenUser,
        EphemeralHashAlgorithm algorithm = EphemeralHashAlgorithm.Sha1,
        params string[] secretsNewestFirst) =>
        new(
            new SecretRing(secretsNewestFirst.Length == 0 ? [SharedSecret] : secretsNewestFirst),
            new EphemeralCredentialOptions { UsernameFormat = format, HashAlgorithm = algorithm },
            time);

    public static EphemeralCredentialVerifier VerifierAt(long unixSeconds, EphemeralUsernameFormat format = EphemeralUsernameFormat.ExpiryThenUser) =>
        Verifier(ClockAt(unixSeconds), format);

    public static string PasswordOf(string username, string secret, EphemeralHashAlgorithm algorithm = EphemeralHashAlgorithm.Sha1)
    {
        Span<char> buffer = stackalloc char[EphemeralPassword.MaxLength];
        Assert.True(EphemeralPassword.TryCompute(username, System.Text.Encoding.UTF8.GetBytes(secret), algorithm, buffer, out int written));
        return new string(buffer[..written]);
    }
}
