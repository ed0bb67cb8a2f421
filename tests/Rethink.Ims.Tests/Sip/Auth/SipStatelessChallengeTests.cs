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
