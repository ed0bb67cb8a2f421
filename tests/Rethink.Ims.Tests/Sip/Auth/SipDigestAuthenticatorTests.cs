using Rethink.Ims.Sip.Auth;
using Rethink.Ims.Sip.Messages;
using static Rethink.Ims.Tests.Sip.Auth.DigestTestKit;

namespace Rethink.Ims.Tests.Sip.Auth;

public class SipDigestAuthenticatorTests
{
    [Fact]
    public void Valid_ephemeral_register_is_authenticated_as_the_user_the_credential_names()
    {
        var kit = new DigestTestKit();
        var request = Request(authLines: Authorization(kit.NewNonce()));

        var outcome = kit.Authenticator.Authenticate(request);

        Assert.True(outcome.IsAuthenticated);
        Assert.Equal(SipAuthResult.Authenticated, outcome.Result);
        Assert.Equal(1, outcome.KamailioCode);
        Assert.Equal(0, outcome.StatusCode);
        Assert.Equal(Username, outcome.Username);
        Assert.Equal("alice", outcome.User);
        Assert.Null(outcome.Domain);
        Assert.Equal(SipAuthCredentialSource.Ephemeral, outcome.CredentialSource);
    }

    [Fact]
    public void Ephemeral_user_with_a_domain_exposes_user_and_domain()
    {
        var kit = new DigestTestKit();
        const string username = "1700000000:alice@example.com";
        const string password = "NOxNV1ePGbf3MXaz0fS8Z7BlhpA="; // FACTS.md §1
        var request = Request(authLines: Authorization(kit.NewNonce(), username, password));

        var outcome = kit.Authenticator.Authenticate(request);

        Assert.True(outcome.IsAuthenticated);
        Assert.Equal(username, outcome.Username);
        Assert.Equal("alice", outcome.User);
        Assert.Equal("example.com", outcome.Domain);
    }

    [Fact]
    public void Register_without_credentials_gets_a_401_challenge_with_realm_nonce_qop_and_algorithm()
    {
        var kit = new DigestTestKit();

        var outcome = kit.Authenticator.Authenticate(Request());

        Assert.Equal(SipAuthOutcomeKind.Challenge, outcome.Kind);
        Assert.Equal(-5, outcome.KamailioCode);
        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal(SipHeaderId.WwwAuthenticate, outcome.ChallengeHeader);
        Assert.False(outcome.Stale);
        var challenge = Assert.Single(outcome.Challenges);
        Assert.StartsWith("Digest realm=\"example.com\", nonce=\"", challenge, StringComparison.Ordinal);
        Assert.Contains("algorithm=MD5", challenge, StringComparison.Ordinal);
        Assert.Contains("qop=\"auth\"", challenge, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", challenge, StringComparison.Ordinal);
        Assert.Equal(44, NonceOf(challenge).Length);
    }

    [Fact]
    public void Credentials_for_another_realm_count_as_none_and_are_challenged()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce(realm: "other.org");
        var request = Request(authLines: Authorization(nonce, realm: "other.org"));

        var outcome = kit.Authenticator.Authenticate(request);

        Assert.Equal(SipAuthResult.NoCredentials, outcome.Result);
        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public void Wrong_password_is_rechallenged_by_default()
    {
        var kit = new DigestTestKit();
        var request = Request(authLines: Authorization(kit.NewNonce(), password: "G/Z0JSk6k5Y1VOWVSEQzyJix/lAjrwsKq+VCE40NI4U="));

        var outcome = kit.Authenticator.Authenticate(request);

        Assert.Equal(SipAuthResult.WrongPassword, outcome.Result);
        Assert.Equal(-2, outcome.KamailioCode);
        Assert.Equal(SipAuthOutcomeKind.Challenge, outcome.Kind);
        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public void Wrong_password_gets_403_naming_it_under_the_forbidden_policy()
    {
        var kit = new DigestTestKit(o => o.FailurePolicy = SipAuthFailurePolicy.Forbidden);
        var request = Request(authLines: Authorization(kit.NewNonce(), password: "wrong"));

        var outcome = kit.Authenticator.Authenticate(request);

        Assert.Equal(SipAuthOutcomeKind.Forbidden, outcome.Kind);
        Assert.Equal(403, outcome.StatusCode);
        Assert.Equal("Forbidden (wrong password)", outcome.ReasonPhrase);
        Assert.Empty(outcome.Challenges);
    }

    [Fact]
    public void Expired_credential_is_reported_before_its_wrong_password()
    {
        var kit = new DigestTestKit(o => o.FailurePolicy = SipAuthFailurePolicy.Forbidden);
        kit.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001));
        var request = Request(authLines: Authorization(kit.NewNonce(), password: "wrong"));

        var outcome = kit.Authenticator.Authenticate(request);

        Assert.Equal(SipAuthResult.Expired, outcome.Result);
        Assert.Equal(-7, outcome.KamailioCode);
        Assert.Equal("Forbidden (credential expired)", outcome.ReasonPhrase);
    }

    [Fact]
    public void Credential_is_still_valid_during_its_expiry_second()
    {
        var kit = new DigestTestKit();
        kit.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())));

        Assert.True(outcome.IsAuthenticated);
    }

    [Fact]
    public void Expired_credential_is_rechallenged_by_default()
    {
        var kit = new DigestTestKit();
        kit.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001));

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())));

        Assert.Equal(SipAuthResult.Expired, outcome.Result);
        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public void Nonce_is_accepted_up_to_its_lifetime_and_stale_one_millisecond_later()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce();
        kit.Time.Advance(TimeSpan.FromSeconds(300));
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce))).IsAuthenticated);

        kit.Time.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, nc: "00000002")));

        Assert.Equal(SipAuthResult.StaleNonce, outcome.Result);
        Assert.Equal(-4, outcome.KamailioCode);
        Assert.True(outcome.Stale);
        Assert.EndsWith(", stale=true", outcome.Challenges[0], StringComparison.Ordinal);
        Assert.NotEqual(nonce, NonceOf(outcome.Challenges[0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(43)]
    public void Forged_nonce_is_malformed_and_rechallenged(int position)
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce().ToCharArray();
        nonce[position] = nonce[position] == 'A' ? 'B' : 'A';

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(new string(nonce))));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
        Assert.Equal(-1, outcome.KamailioCode);
        Assert.Equal(401, outcome.StatusCode);
        Assert.False(outcome.Stale);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Garbled_nonce_is_malformed(string nonce)
    {
        var kit = new DigestTestKit();

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce)));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
    }

    [Fact]
    public void Nonce_issued_for_another_realm_is_malformed()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce(realm: "other.org");

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce)));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
    }

    [Fact]
    public void Nonce_from_an_authenticator_with_another_secret_is_malformed()
    {
        var other = new DigestTestKit();
        var kit = new DigestTestKit();

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(other.NewNonce())));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
    }

    [Fact]
    public void Configured_nonce_secret_lets_two_instances_accept_each_others_nonces()
    {
        var secret = Convert.ToBase64String(new byte[32]);
        var first = new DigestTestKit(o => o.NonceSecret = secret);
        var second = new DigestTestKit(o => o.NonceSecret = secret);

        var outcome = second.Authenticator.Authenticate(Request(authLines: Authorization(first.NewNonce())));

        Assert.True(outcome.IsAuthenticated);
    }

    [Fact]
    public void Replayed_nonce_count_is_refused_as_nonce_reused()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce();
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce))).IsAuthenticated);

        var replay = kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce)));

        Assert.Equal(SipAuthResult.NonceReused, replay.Result);
        Assert.Equal(-6, replay.KamailioCode);
        Assert.Equal(401, replay.StatusCode);
    }

    [Fact]
    public void Higher_and_overtaken_nonce_counts_are_accepted_once_each()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce();

        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, nc: "00000003"))).IsAuthenticated);
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, nc: "00000001"))).IsAuthenticated);
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, nc: "00000002"))).IsAuthenticated);
        Assert.Equal(SipAuthResult.NonceReused, kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, nc: "00000002"))).Result);
        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, nc: "000000C8"))).IsAuthenticated);
        Assert.Equal(SipAuthResult.NonceReused, kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, nc: "00000004"))).Result);
    }

    [Fact]
    public void Wrong_password_does_not_spend_the_nonce_count()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce();
        Assert.Equal(SipAuthResult.WrongPassword, kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, password: "x"))).Result);

        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce))).IsAuthenticated);
    }

    [Fact]
    public void Without_qop_the_response_is_accepted_once_per_nonce()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce();

        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, qop: null))).IsAuthenticated);
        Assert.Equal(SipAuthResult.NonceReused, kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, qop: null))).Result);
    }

    [Theory]
    [InlineData("auth-int")]
    [InlineData("bogus")]
    public void Qop_other_than_auth_is_malformed(string qop)
    {
        var kit = new DigestTestKit();

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), qop: qop)));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
    }

    [Theory]
    [InlineData("0000001")]
    [InlineData("00000000")]
    [InlineData("0000000g")]
    public void Bad_nonce_count_is_malformed(string nc)
    {
        var kit = new DigestTestKit();

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), nc: nc)));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
    }

    [Fact]
    public void Response_of_the_wrong_length_is_malformed()
    {
        var kit = new DigestTestKit();

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), response: "abcdef")));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
    }

    [Fact]
    public void Upper_case_response_hex_is_accepted()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce();
        var response = Reference.Response("MD5", Username, Realm, Password, nonce, "00000001", "0a4f113b", "auth", "REGISTER", "sip:example.com").ToUpperInvariant();

        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, response: response))).IsAuthenticated);
    }

    [Fact]
    public void Unknown_authorization_scheme_is_ignored_and_challenged()
    {
        var kit = new DigestTestKit();

        var outcome = kit.Authenticator.Authenticate(Request(authLines: "Authorization: NoOneKnowsThisScheme opaque-data=here"));

        Assert.Equal(SipAuthResult.NoCredentials, outcome.Result);
        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public void Digest_credentials_for_our_realm_are_picked_among_several_headers()
    {
        var kit = new DigestTestKit();
        var request = Request(authLines:
        [
            "Authorization: Basic YWxpY2U6c2VjcmV0",
            Authorization(kit.NewNonce(realm: "other.org"), realm: "other.org"),
            Authorization(kit.NewNonce()),
        ]);

        Assert.True(kit.Authenticator.Authenticate(request).IsAuthenticated);
    }

    [Fact]
    public void Static_user_with_password_is_accepted_before_ephemeral_checks()
    {
        var store = new InMemoryStaticCredentialStore();
        store.SetPassword(Realm, "bob", "bobs-secret");
        var kit = new DigestTestKit(store: store);

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), "bob", "bobs-secret")));

        Assert.True(outcome.IsAuthenticated);
        Assert.Equal(SipAuthCredentialSource.Static, outcome.CredentialSource);
        Assert.Equal("bob", outcome.User);
    }

    [Fact]
    public void Static_user_with_ha1_is_accepted()
    {
        var store = new InMemoryStaticCredentialStore();
        store.Set(Realm, "bob", StaticCredential.FromHa1(SipDigestAlgorithm.Md5, Reference.Ha1("MD5", "bob", Realm, "pw")));
        var kit = new DigestTestKit(store: store);

        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), "bob", "pw"))).IsAuthenticated);
        Assert.Equal(SipAuthResult.WrongPassword, kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), "bob", "px"))).Result);
    }

    [Fact]
    public void Static_table_alone_reports_unknown_users_and_wrong_passwords()
    {
        var store = new InMemoryStaticCredentialStore();
        store.SetPassword(Realm, "bob", "pw");
        var kit = new DigestTestKit(store: store, ephemeral: false);

        Assert.Equal(SipAuthResult.UserUnknown, kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), "carol", "pw"))).Result);
        Assert.Equal(SipAuthResult.WrongPassword, kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), "bob", "px"))).Result);
        Assert.Equal(SipAuthResult.UserUnknown, kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce()))).Result);
    }

    [Fact]
    public void Ephemeral_credential_still_works_when_a_static_user_of_the_same_name_fails()
    {
        var store = new InMemoryStaticCredentialStore();
        store.SetPassword(Realm, Username, "something-else");
        var kit = new DigestTestKit(store: store);

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())));

        Assert.True(outcome.IsAuthenticated);
        Assert.Equal(SipAuthCredentialSource.Ephemeral, outcome.CredentialSource);
    }

    [Fact]
    public void Sha256_digest_is_accepted_when_offered()
    {
        var kit = new DigestTestKit(o => o.Algorithms = [SipDigestAlgorithm.Sha256, SipDigestAlgorithm.Md5]);
        var challenge = kit.Authenticator.Challenge(proxy: false);
        Assert.Equal(2, challenge.Challenges.Count);
        Assert.Contains("algorithm=SHA-256,", challenge.Challenges[0], StringComparison.Ordinal);

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(NonceOf(challenge.Challenges[0]), algorithm: "SHA-256")));

        Assert.True(outcome.IsAuthenticated);
    }

    [Theory]
    [InlineData("MD5-sess")]
    [InlineData("SHA-256-sess")]
    public void Session_variants_are_accepted_when_offered(string algorithm)
    {
        var kit = new DigestTestKit(o => o.Algorithms = [SipDigestAlgorithm.Md5Sess, SipDigestAlgorithm.Sha256Sess]);

        Assert.True(kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), algorithm: algorithm))).IsAuthenticated);
    }

    [Fact]
    public void Algorithm_not_offered_is_malformed()
    {
        var kit = new DigestTestKit(o => o.Algorithms = [SipDigestAlgorithm.Sha256]);

        var outcome = kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())));

        Assert.Equal(SipAuthResult.Malformed, outcome.Result);
        Assert.Contains("algorithm=SHA-256", outcome.Challenges[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_is_challenged_with_407_and_accepts_proxy_authorization()
    {
        var kit = new DigestTestKit();
        var first = kit.Authenticator.Authenticate(Request("INVITE", "sip:bob@example.com"));
        Assert.Equal(407, first.StatusCode);
        Assert.Equal("Proxy Authentication Required", first.ReasonPhrase);
        Assert.Equal(SipHeaderId.ProxyAuthenticate, first.ChallengeHeader);

        var nonce = NonceOf(first.Challenges[0]);
        var ignored = kit.Authenticator.Authenticate(Request("INVITE", "sip:bob@example.com", authLines: Authorization(nonce, method: "INVITE", uri: "sip:bob@example.com")));
        Assert.Equal(SipAuthResult.NoCredentials, ignored.Result);

        var second = kit.Authenticator.Authenticate(Request("INVITE", "sip:bob@example.com", authLines: Authorization(nonce, method: "INVITE", uri: "sip:bob@example.com", header: "Proxy-Authorization")));
        Assert.True(second.IsAuthenticated);
    }

    [Fact]
    public void Response_for_another_method_does_not_authenticate()
    {
        var kit = new DigestTestKit();
        var nonce = kit.NewNonce(proxy: true);

        var outcome = kit.Authenticator.Authenticate(Request("INVITE", "sip:bob@example.com", authLines: Authorization(nonce, method: "REGISTER", uri: "sip:bob@example.com", header: "Proxy-Authorization")));

        Assert.Equal(SipAuthResult.WrongPassword, outcome.Result);
    }

    [Fact]
    public void Create_response_builds_the_challenge_answer()
    {
        var kit = new DigestTestKit(o => o.Opaque = "op1");
        var request = Request();
        var outcome = kit.Authenticator.Authenticate(request);

        var response = outcome.CreateResponse(request);
        var parsed = SipParser.Parse(SipMessageWriter.ToArray(response)).Response!;

        Assert.Equal(401, parsed.StatusCode);
        Assert.Equal(1, parsed.WwwAuthenticate.Count);
        var challenge = parsed.WwwAuthenticate.First;
        Assert.True(challenge.IsDigest);
        Assert.True(challenge.IsWellFormed);
        Assert.Equal("example.com", challenge.Realm.ToString());
        Assert.Equal(NonceOf(outcome.Challenges[0]), challenge.Nonce.ToString());
        Assert.Equal("op1", challenge.Parameters.GetValue("opaque"u8).ToString());
        Assert.Equal("auth", challenge.Parameters.GetValue("qop"u8).ToString());
    }

    [Fact]
    public void Create_response_refuses_an_authenticated_outcome()
    {
        var kit = new DigestTestKit();
        var request = Request(authLines: Authorization(kit.NewNonce()));
        var outcome = kit.Authenticator.Authenticate(request);

        Assert.Throws<InvalidOperationException>(() => outcome.CreateResponse(request));
    }

    [Fact]
    public void Consume_credentials_removes_only_those_for_our_realm()
    {
        var kit = new DigestTestKit();
        var request = Request("INVITE", "sip:bob@example.com", authLines:
        [
            Authorization("n1", header: "Proxy-Authorization"),
            Authorization("n2", realm: "next.org", header: "Proxy-Authorization"),
            Authorization("n3"),
        ]);

        var removed = kit.Authenticator.ConsumeCredentials(request, proxy: true);

        Assert.Equal(1, removed);
        Assert.Equal(1, request.ProxyAuthorization.Count);
        var left = request.ProxyAuthorization.First;
        Assert.Equal("next.org", left.Realm.ToString());
        Assert.Equal(1, request.Authorization.Count);
    }

    [Fact]
    public void Check_from_compares_the_credential_user_with_the_from_uri()
    {
        var kit = new DigestTestKit();
        var plain = Request(from: "sip:alice@example.com");
        var jssip = Request();

        Assert.Equal(Rethink.Ims.Credentials.EphemeralUserCheckResult.Match, kit.Authenticator.CheckFrom(plain, "1700000000:alice@example.com"));
        Assert.Equal(Rethink.Ims.Credentials.EphemeralUserCheckResult.Mismatch, kit.Authenticator.CheckFrom(jssip, "1700000000:alice@example.com"));
        Assert.Equal(Rethink.Ims.Credentials.EphemeralUserCheckResult.Mismatch, kit.Authenticator.CheckTo(Request(to: "sip:alice@other.org"), "1700000000:alice@example.com"));
        Assert.Equal(Rethink.Ims.Credentials.EphemeralUserCheckResult.NoUser, kit.Authenticator.CheckFrom(plain, "1700000000"));
    }

    [Fact]
    public void Require_from_match_refuses_a_credential_for_another_user()
    {
        var kit = new DigestTestKit(o => o.RequireFromMatch = true);

        var ok = kit.Authenticator.Authenticate(Request(from: "sip:alice@example.com", authLines: Authorization(kit.NewNonce())));
        var other = kit.Authenticator.Authenticate(Request(from: "sip:mallory@example.com", authLines: Authorization(kit.NewNonce())));

        Assert.True(ok.IsAuthenticated);
        Assert.Equal(SipAuthOutcomeKind.Forbidden, other.Kind);
        Assert.Equal(SipAuthResult.UserMismatch, other.Result);
        Assert.Equal(403, other.StatusCode);
    }

    [Fact]
    public void Realm_must_be_given_or_configured()
    {
        var kit = new DigestTestKit(o => o.Realm = null);

        Assert.Throws<InvalidOperationException>(() => kit.Authenticator.Authenticate(Request()));
        Assert.Equal(401, kit.Authenticator.Authenticate(Request(), "example.com").StatusCode);
        Assert.Throws<ArgumentException>(() => kit.Authenticator.Authenticate(Request(), "bad\"realm"));
    }
}
