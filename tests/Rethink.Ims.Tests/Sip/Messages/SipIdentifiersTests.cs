using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipIdentifiersTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    [Fact]
    public void Tags_branches_and_call_ids_have_their_length_prefix_and_alphabet()
    {
        var tag = SipIdentifiers.NewTag();
        var branch = SipIdentifiers.NewBranch();
        var callId = SipIdentifiers.NewCallId();

        Assert.Equal(16, tag.Length);
        Assert.StartsWith(SipIdentifiers.MagicCookie, branch, StringComparison.Ordinal);
        Assert.Equal(SipIdentifiers.MagicCookie.Length + 22, branch.Length);
        Assert.Equal(24, callId.Length);
        Assert.All(tag + branch[SipIdentifiers.MagicCookie.Length..] + callId, c => Assert.Contains(c, Alphabet));
    }

    [Fact]
    public void Identifiers_do_not_repeat_across_threads()
    {
        var tags = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                tags.Add(SipIdentifiers.NewTag());
            }
        });

        Assert.Equal(100_000, tags.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_character_is_equally_likely()
    {
        // 180,000 characters, 5,000 expected of each. Chi-square with 35 degrees of freedom is above 110 with a probability
        // far below 1e-9 for a uniform source; mapping random bytes modulo 36 without skipping the top 4 values gives about 350.
        var counts = new int[Alphabet.Length];
        for (var i = 0; i < 7_500; i++)
        {
            foreach (var c in SipIdentifiers.NewCallId())
            {
                counts[Alphabet.IndexOf(c, StringComparison.Ordinal)]++;
            }
        }

        var expected = 7_500 * 24 / (double)Alphabet.Length;
        var chiSquare = counts.Sum(n => (n - expected) * (n - expected) / expected);
        Assert.True(chiSquare < 110, $"chi-square {chiSquare:F1} over {string.Join(',', counts)}");
    }
}
