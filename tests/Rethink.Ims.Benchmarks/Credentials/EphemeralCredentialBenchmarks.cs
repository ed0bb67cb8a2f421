using BenchmarkDotNet.Attributes;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.Benchmarks.Credentials;

/// <summary>
/// Issue and check one auth_ephemeral credential per hash. Targets: Verify (SHA1) at most 1 µs and 0 B;
/// Generate at most 1 µs.
/// </summary>
[MemoryDiagnoser]
public class EphemeralCredentialBenchmarks
{
    private EphemeralCredentialGenerator generator = null!;
    private EphemeralCredentialVerifier verifier = null!;
    private EphemeralCredentialVerifier rotatedVerifier = null!;
    private string username = null!;
    private string password = null!;

    /// <summary>The HMAC in use.</summary>
    [Params(EphemeralHashAlgorithm.Sha1, EphemeralHashAlgorithm.Sha256, EphemeralHashAlgorithm.Sha384, EphemeralHashAlgorithm.Sha512)]
    public EphemeralHashAlgorithm Algorithm { get; set; }

    /// <summary>Builds a generator and verifiers that accept the credential for a long time.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = new EphemeralCredentialOptions { HashAlgorithm = Algorithm };
        var ring = new SecretRing(["shared_secret_key"]);
        generator = new EphemeralCredentialGenerator(ring, options, TimeProvider.System);
        verifier = new EphemeralCredentialVerifier(ring, options, TimeProvider.System);
        rotatedVerifier = new EphemeralCredentialVerifier(new SecretRing(["newer_secret_key", "shared_secret_key"]), options, TimeProvider.System);
        EphemeralCredential credential = generator.Generate("alice@example.com", TimeSpan.FromDays(3650));
        username = credential.Username;
        password = credential.Password;
    }

    /// <summary>Issue a fresh credential (three strings and a record).</summary>
    [Benchmark]
    public EphemeralCredential Generate() => generator.Generate("alice@example.com", TimeSpan.FromDays(1));

    /// <summary>Check a valid credential against a one-secret ring.</summary>
    [Benchmark(Baseline = true)]
    public EphemeralCheckResult Verify() => verifier.Verify(username, password);

    /// <summary>Check a credential signed with the older of two secrets (two HMACs).</summary>
    [Benchmark]
    public EphemeralCheckResult VerifyOlderSecret() => rotatedVerifier.Verify(username, password);
}
