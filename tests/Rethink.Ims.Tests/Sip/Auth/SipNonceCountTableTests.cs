using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Sip.Auth;

namespace Rethink.Ims.Tests.Sip.Auth;

/// <summary>Nonce-count replay detection: each count of a nonce is accepted once, within a window of 64 below the highest.</summary>
public class SipNonceCountTableTests
{
    private const int Window = 64;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    [Property(MaxTest = 300)]
    public Property A_count_is_fresh_exactly_when_unused_and_inside_the_window() =>
        Prop.ForAll(
            Gen.Choose(0, 200).Select(n => (uint)n).ListOf().ToArbitrary(),
            counts =>
            {
                var table = new SipNonceCountTable(capacity: 16, Lifetime);
                var used = new HashSet<uint>();
                uint highest = 0;
                foreach (var nc in counts)
                {
                    var expected = !used.Contains(nc) && (nc > highest || highest - nc < Window)
                        ? SipNonceCountState.Fresh
                        : SipNonceCountState.Replayed;
                    if (table.Peek(7, 1_000, nc) != expected || table.Use(7, 1_000, nc, nowMs: 1_000) != expected)
                    {
                        return false;
                    }

                    if (expected == SipNonceCountState.Fresh)
                    {
                        used.Add(nc);
                        highest = Math.Max(highest, nc);
                    }
                }

                return true;
            });

    [Fact]
    public void Past_capacity_the_oldest_issued_nonces_are_forgotten_and_never_taken_as_fresh()
    {
        var table = new SipNonceCountTable(capacity: 3, Lifetime);
        for (ulong id = 1; id <= 5; id++)
        {
            Assert.Equal(SipNonceCountState.Fresh, table.Use(id, issuedMs: (long)id, nc: 1, nowMs: 10));
        }

        Assert.Equal(3, table.Count);
        Assert.Equal(SipNonceCountState.Forgotten, table.Peek(1, 1, 2));
        Assert.Equal(SipNonceCountState.Forgotten, table.Peek(2, 2, 2));
        Assert.Equal(SipNonceCountState.Replayed, table.Peek(5, 5, 1));
        Assert.Equal(SipNonceCountState.Fresh, table.Peek(5, 5, 2));
    }

    [Fact]
    public void A_nonce_with_the_same_id_but_another_issue_time_is_a_different_nonce()
    {
        var table = new SipNonceCountTable(capacity: 8, Lifetime);
        Assert.Equal(SipNonceCountState.Fresh, table.Use(9, issuedMs: 100, nc: 1, nowMs: 100));

        Assert.Equal(SipNonceCountState.Fresh, table.Use(9, issuedMs: 200, nc: 1, nowMs: 200));
        Assert.Equal(SipNonceCountState.Replayed, table.Use(9, issuedMs: 200, nc: 1, nowMs: 200));
    }

    [Fact]
    public void Expired_nonces_are_dropped_as_new_ones_arrive()
    {
        var table = new SipNonceCountTable(capacity: 8, TimeSpan.FromMilliseconds(50));
        table.Use(1, issuedMs: 0, nc: 1, nowMs: 0);
        table.Use(2, issuedMs: 10, nc: 1, nowMs: 10);

        table.Use(3, issuedMs: 100, nc: 1, nowMs: 100);

        Assert.Equal(1, table.Count);
        Assert.Equal(SipNonceCountState.Forgotten, table.Peek(2, 10, 2));
    }
}
