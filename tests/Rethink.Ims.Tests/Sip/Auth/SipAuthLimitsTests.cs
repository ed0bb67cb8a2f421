using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Messages;
using static Rethink.Ims.Tests.Sip.Auth.DigestTestKit;

namespace Rethink.Ims.Tests.Sip.Auth;

public class SipAuthLimitsTests
{
    [Fact]
    public void Source_is_throttled_after_the_configured_failures_until_the_window_ends()
    {
        var kit = new DigestTestKit(o =>
        {
            o.MaxFailuresPerSource = 3;
            o.MaxFailuresPerUser = 0;
            o.FailureWindow = TimeSpan.FromSeconds(60);
        });
        for (var i = 0; i < 3; i++)
        {
            var failed = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), password: "guess" + i)), source: "198.51.100.7:5060");
            Assert.Equal(SipAuthResult.WrongPassword, failed.Result);
        }

        kit.Time.Advance(TimeSpan.FromSeconds(10));
        var blocked = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())), source: "198.51.100.7:5060");
        var otherSource = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())), source: "198.51.100.8:5060");

        Assert.Equal(SipAuthOutcomeKind.Throttled, blocked.Kind);
        Assert.Equal(403, blocked.StatusCode);
        Assert.Equal("Forbidden (too many failed attempts)", blocked.ReasonPhrase);
        Assert.Equal(TimeSpan.FromSeconds(50), blocked.RetryAfter);
        Assert.True(otherSource.IsAuthenticated);

        kit.Time.Advance(TimeSpan.FromSeconds(50));
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())), source: "198.51.100.7:5060").IsAuthenticated);
    }

    [Fact]
    public void User_is_throttled_from_any_source_after_the_configured_failures()
    {
        var kit = new DigestTestKit(o =>
        {
            o.MaxFailuresPerSource = 0;
            o.MaxFailuresPerUser = 2;
            o.ThrottleStatusCode = 503;
        });
        kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), password: "a")), source: "a");
        kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), password: "b")), source: "b");

        var blocked = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())), source: "c");

        Assert.Equal(SipAuthOutcomeKind.Throttled, blocked.Kind);
        Assert.Equal(503, blocked.StatusCode);
        var response = blocked.CreateResponse(Request());
        Assert.Equal("300", response.Headers.GetValue(SipHeaderId.RetryAfter).ToString());
    }

    [Fact]
    public void Success_clears_the_user_failures()
    {
        var kit = new DigestTestKit(o => o.MaxFailuresPerUser = 2);
        kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), password: "a")));
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).IsAuthenticated);
        kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), password: "b")));

        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).IsAuthenticated);
    }

    [Fact]
    public void Expired_credentials_are_not_counted_as_guesses()
    {
        var kit = new DigestTestKit(o => o.MaxFailuresPerUser = 1);
        kit.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001));
        kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())));

        Assert.Equal(SipAuthResult.Expired, kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).Result);
    }

    [Fact]
    public void Failure_tables_stay_within_their_capacity()
    {
        var kit = new DigestTestKit(o =>
        {
            o.FailureTableCapacity = 50;
            o.MaxFailuresPerSource = 1;
        });
        var nonce = kit.NewNonce();
        for (var i = 0; i < 1_000; i++)
        {
            kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, username: $"1700000000:user{i}", password: "x")), source: "src" + i);
        }

        var (sources, users) = kit.Authenticator.TrackedFailureCounts;
        Assert.Equal(50, sources);
        Assert.Equal(50, users);
        Assert.Equal(SipAuthOutcomeKind.Throttled, kit.Authenticator.Authenticate(Request(), source: "src999").Kind);
    }

    [Fact]
    public void Nonce_table_stays_within_capacity_and_forgotten_nonces_are_stale()
    {
        var kit = new DigestTestKit(o => o.NonceTableCapacity = 100);
        var first = kit.NewNonce();
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(first))).IsAuthenticated);
        for (var i = 0; i < 2_000; i++)
        {
            kit.Time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).IsAuthenticated);
            Assert.True(kit.Authenticator.TrackedNonceCount <= 100);
        }

        // The first nonce's counts were forgotten: it must not be accepted blindly, even with a count it never used.
        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(first, nc: "00000002")));
        Assert.Equal(SipAuthResult.StaleNonce, outcome.Result);
        Assert.True(outcome.Stale);

        // A nonce issued after the forgotten ones is still fresh on first use.
        kit.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).IsAuthenticated);
    }

    [Fact]
    public void Expired_nonces_leave_the_table()
    {
        var kit = new DigestTestKit();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).IsAuthenticated);
        }

        kit.Time.Advance(TimeSpan.FromSeconds(301));
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).IsAuthenticated);

        Assert.Equal(1, kit.Authenticator.TrackedNonceCount);
    }

    [Fact]
    public void Challenges_alone_store_nothing()
    {
        var kit = new DigestTestKit();
        for (var i = 0; i < 1_000; i++)
        {
            kit.Authenticator.Authenticate(Request());
        }

        Assert.Equal(0, kit.Authenticator.TrackedNonceCount);
    }
}
