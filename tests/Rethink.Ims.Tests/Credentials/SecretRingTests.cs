using Rethink.Ims.Credentials;
using static Rethink.Ims.Tests.Credentials.CredentialFixtures;

namespace Rethink.Ims.Tests.Credentials;

public class SecretRingTests
{
    private static string NewestPasswordOf(SecretRing ring) =>
        new EphemeralCredentialGenerator(ring, new EphemeralCredentialOptions(), ClockAt(Expiry))
            .Generate("alice", TimeSpan.Zero).Password;

    [Fact]
    public void Add_makes_the_secret_the_newest()
    {
        var ring = new SecretRing(["older"]);

        ring.Add(SharedSecret);

        Assert.Equal(2, ring.Count);
        Assert.Equal(AliceSha1, NewestPasswordOf(ring));
    }

    [Fact]
    public void RemoveAt_zero_drops_the_newest()
    {
        var ring = new SecretRing(["newer", SharedSecret]);

        ring.RemoveAt(0);

        Assert.Equal(1, ring.Count);
        Assert.Equal(AliceSha1, NewestPasswordOf(ring));
    }

    [Fact]
    public void RemoveAt_rejects_an_index_outside_the_ring()
    {
        var ring = new SecretRing(["a"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => ring.RemoveAt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.RemoveAt(-1));
    }

    [Fact]
    public void Remove_by_value_drops_the_matching_secret_only()
    {
        var ring = new SecretRing(["newer", SharedSecret, "oldest"]);

        Assert.True(ring.Remove("newer"));
        Assert.False(ring.Remove("newer"));
        Assert.False(ring.Remove("newe"));

        Assert.Equal(2, ring.Count);
        Assert.Equal(AliceSha1, NewestPasswordOf(ring));
    }

    [Fact]
    public void Remove_by_value_drops_the_newest_of_duplicates()
    {
        var ring = new SecretRing([SharedSecret, "other", SharedSecret]);

        Assert.True(ring.Remove(SharedSecret));

        Assert.Equal(2, ring.Count);
        Assert.NotEqual(AliceSha1, NewestPasswordOf(ring));
    }

    [Fact]
    public void Replace_swaps_every_secret()
    {
        var ring = new SecretRing(["a", "b", "c"]);
        var verifier = new EphemeralCredentialVerifier(ring, new EphemeralCredentialOptions(), ClockAt(Expiry));
        Assert.Equal(EphemeralCheckResult.WrongPassword, verifier.Verify("1700000000:alice", AliceSha1));

        ring.Replace([SharedSecret]);

        Assert.Equal(1, ring.Count);
        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Secrets_may_all_be_removed()
    {
        var ring = new SecretRing(["a"]);

        ring.RemoveAt(0);

        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void ToString_counts_secrets_without_showing_them()
    {
        Assert.Equal("SecretRing(3 secrets)", new SecretRing(["alpha-secret", "beta-secret", "gamma-secret"]).ToString());
        Assert.Equal("SecretRing(1 secret)", new SecretRing([SharedSecret]).ToString());
        Assert.Equal("SecretRing(0 secrets)", new SecretRing([]).ToString());
    }

    [Fact]
    public void Invalid_secrets_are_refused_without_echoing_the_others()
    {
        var error = Assert.Throws<ArgumentException>(() => new SecretRing([SharedSecret, ""]));
        Assert.DoesNotContain(SharedSecret, error.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>(() => new SecretRing([SharedSecret, null!]));
        Assert.Throws<ArgumentNullException>(() => new SecretRing(null!));
        Assert.Throws<ArgumentException>(() => new SecretRing([]).Add(""));
        Assert.Throws<ArgumentNullException>(() => new SecretRing([]).Replace(null!));
    }

    [Fact]
    public void Failed_replace_keeps_the_old_secrets()
    {
        var ring = new SecretRing([SharedSecret]);

        Assert.Throws<ArgumentException>(() => ring.Replace(["x", ""]));

        Assert.Equal(AliceSha1, NewestPasswordOf(ring));
    }

    [Fact]
    public async Task Rotation_under_concurrency_never_throws_and_keeps_accepting_a_secret_present_throughout()
    {
        var ring = new SecretRing([SharedSecret]);
        var verifier = new EphemeralCredentialVerifier(ring, new EphemeralCredentialOptions(), ClockAt(Expiry));
        var generator = new EphemeralCredentialGenerator(ring, new EphemeralCredentialOptions(), ClockAt(Expiry));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        long verifications = 0;
        long rotations = 0;

        void Rotate(int seed)
        {
            var random = new Random(seed);
            while (!stop.IsCancellationRequested)
            {
                string fresh = $"rotating-{seed}-{random.Next()}";
                switch (random.Next(4))
                {
                    case 0:
                        ring.Add(fresh);
                        break;
                    case 1:
                        ring.Replace([fresh, SharedSecret, fresh + "-old"]);
                        break;
                    case 2:
                        ring.Remove(fresh);
                        ring.Add(fresh);
                        ring.Remove(fresh);
                        break;
                    default:
                        ring.Replace([SharedSecret]);
                        break;
                }

                Interlocked.Increment(ref rotations);
            }
        }

        void Check()
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify("1700000000:alice", AliceSha1));
                EphemeralCredential fresh = generator.Generate("bob", TimeSpan.Zero);
                Assert.Contains(verifier.Verify(fresh.Username, fresh.Password), new[] { EphemeralCheckResult.Valid, EphemeralCheckResult.WrongPassword });
                Interlocked.Increment(ref verifications);
            }
        }

        Task[] tasks =
        [
            Task.Factory.StartNew(() => Rotate(1), TaskCreationOptions.LongRunning),
            Task.Factory.StartNew(() => Rotate(2), TaskCreationOptions.LongRunning),
            Task.Factory.StartNew(Check, TaskCreationOptions.LongRunning),
            Task.Factory.StartNew(Check, TaskCreationOptions.LongRunning),
        ];
        await Task.WhenAll(tasks);

        Assert.True(Interlocked.Read(ref verifications) > 100);
        Assert.True(Interlocked.Read(ref rotations) > 100);
    }
}
