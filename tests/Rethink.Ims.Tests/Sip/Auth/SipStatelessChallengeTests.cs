using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Messages;
using static Rethink.Ims.Tests.Sip.Auth.DigestTestKit;

namespace Rethink.Ims.Tests.Sip.Auth;

public class SipStatelessChallengeTests
{
    [Fact]
    public void A_retransmitted_request_without_credentials_gets_the_same_challenge_byte_for_byte()
    {
        var kit = new DigestTestKit();

        var first = Answer(kit, Request());
        kit.Time.Advance(TimeSpan.FromMilliseconds(500)); // T1: the client's first retransmission
        var retransmission = Answer(kit, Request());
        kit.Time.Advance(TimeSpan.FromSeconds(31));        // still within timer J
        var late = Answer(kit, Request());

        Assert.Equal(first, retransmission);
        Assert.Equal(first, late);
        Assert.Contains(";tag=", ToHeader(first), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_transaction_of_the_same_client_gets_another_nonce_and_to_tag()
    {
        var kit = new DigestTestKit();
        var request = Request();
        var nextCSeq = Parse(Text(request).Replace("CSeq: 1 REGISTER", "CSeq: 2 REGISTER", StringComparison.Ordinal)
            .Replace("branch=z9hG4bK1234567", "branch=z9hG4bK7654321", StringComparison.Ordinal));

        var first = kit.Authenticator.Authenticate(request);
        var second = kit.Authenticator.Authenticate(nextCSeq);

        Assert.NotEqual(NonceOf(first.Challenges[0]), NonceOf(second.Challenges[0]));
        Assert.NotEqual(ToHeader(Answer(first, request)), ToHeader(Answer(second, nextCSeq)));
    }

    [Fact]
    public void After_the_memory_lifetime_a_retransmission_gets_a_fresh_nonce()
    {
        var kit = new DigestTestKit();

        var first = kit.Authenticator.Authenticate(Request());
        kit.Time.Advance(TimeSpan.FromSeconds(32) + TimeSpan.FromMilliseconds(1));
        var later = kit.Authenticator.Authenticate(Request());

        Assert.NotEqual(NonceOf(first.Challenges[0]), NonceOf(later.Challenges[0]));
    }

    [Fact]
    public void The_stateless_challenge_nonce_authenticates_the_answering_request()
    {
        var kit = new DigestTestKit();
        var nonce = NonceOf(kit.Authenticator.Authenticate(Request()).Challenges[0]);

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce)));

        Assert.True(outcome.IsAuthenticated);
    }

    [Fact]
    public void Stateful_challenges_give_each_copy_a_fresh_nonce()
    {
        var kit = new DigestTestKit(options => options.StatelessChallenges = false);

        var first = kit.Authenticator.Authenticate(Request());
        var second = kit.Authenticator.Authenticate(Request());

        Assert.NotEqual(NonceOf(first.Challenges[0]), NonceOf(second.Challenges[0]));
    }

    private static byte[] Answer(DigestTestKit kit, SipRequest request) => Answer(kit.Authenticator.Authenticate(request), request);

    private static byte[] Answer(SipAuthOutcome outcome, SipRequest request)
    {
        Assert.Equal(SipAuthResult.NoCredentials, outcome.Result);
        using var response = outcome.CreateResponse(request);
        return SipMessageWriter.ToArray(response);
    }

    private static string ToHeader(byte[] response) =>
        System.Text.Encoding.UTF8.GetString(response).Split("\r\n").Single(line => line.StartsWith("To:", StringComparison.Ordinal));

    private static string Text(SipRequest request) => System.Text.Encoding.UTF8.GetString(SipMessageWriter.ToArray(request));
}

public class SipChallengeMemoryTests
{
    [Fact]
    public void Four_identities_of_one_set_are_all_kept_and_a_fifth_replaces_the_oldest()
    {
        var memory = new SipChallengeMemory(64, 32_000);
        ulong[] sameSet = [1, 65, 129, 193, 257]; // equal modulo 64, within the set of slots 0-3

        for (var i = 0; i < 4; i++)
        {
            memory.Remember(sameSet[i], 1000 + i, (ulong)i);
        }

        Assert.All(sameSet[..4], identity => Assert.True(memory.TryGet(identity, 2000, out _, out _)));

        memory.Remember(sameSet[4], 1004, 4);
        Assert.False(memory.TryGet(sameSet[0], 2000, out _, out _));
        Assert.True(memory.TryGet(sameSet[4], 2000, out var issued, out var id));
        Assert.Equal((1004, 4ul), (issued, id));
        Assert.True(memory.TryGet(sameSet[1], 2000, out _, out _));
    }

    [Fact]
    public void An_entry_older_than_its_lifetime_is_not_returned()
    {
        var memory = new SipChallengeMemory(64, 32_000);
        memory.Remember(7, 1000, 1);

        Assert.True(memory.TryGet(7, 33_000, out _, out _));
        Assert.False(memory.TryGet(7, 33_001, out _, out _));
    }
}
