using BenchmarkDotNet.Attributes;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.Benchmarks.Credentials;

/// <summary>Issue and check one TURN REST (coturn use-auth-secret) credential.</summary>
[MemoryDiagnoser]
public class TurnRestCredentialBenchmarks
{
    private TurnRestCredentials turn = null!;
    private string username = null!;
    private string password = null!;

    /// <summary>Builds an issuer whose credential stays valid for a long time.</summary>
    [GlobalSetup]
    public void Setup()
    {
        turn = new TurnRestCredentials(new SecretRing(["shared_secret_key"]), new TurnRestOptions(), TimeProvider.System);
        EphemeralCredential credential = turn.Generate("alice", TimeSpan.FromDays(3650));
        username = credential.Username;
        password = credential.Password;
    }

    /// <summary>Issue a fresh credential.</summary>
    [Benchmark]
    public EphemeralCredential Generate() => turn.Generate("alice", TimeSpan.FromDays(1));

    /// <summary>Check a valid credential.</summary>
    [Benchmark(Baseline = true)]
    public EphemeralCheckResult Verify() => turn.Verify(username, password);
}
