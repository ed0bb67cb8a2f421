using System.Text.Json;
using Rethink.Ims.Credentials;
using static Rethink.Ims.Tests.AllocationProbe;
using static Rethink.Ims.Tests.Credentials.CredentialFixtures;

namespace Rethink.Ims.Tests.Credentials;

public class TurnRestCredentialsTests
{
    private static TurnRestCredentials Turn(long now, char separator = ':', params string[] secrets) =>
        new(new SecretRing(secrets.Length == 0 ? [SharedSecret] : secrets), new TurnRestOptions { Separator = separator }, ClockAt(now));

    [Fact]
    public void Generate_matches_auth_ephemeral_for_sha1()
    {
        EphemeralCredential credential = Turn(Expiry - 86_400).Generate("alice", TimeSpan.FromDays(1));

        Assert.Equal("1700000000:alice", credential.Username);
        Assert.Equal(AliceSha1, credential.Password);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Expiry), credential.Expires);
    }

    [Fact]
    public void Generate_uses_the_configured_separator()
    {
        var turn = Turn(Expiry, '_');

        EphemeralCredential credential = turn.Generate("alice", TimeSpan.Zero);

        Assert.Equal("1700000000_alice", credential.Username);
        Assert.Equal(PasswordOf("1700000000_alice", SharedSecret), credential.Password);
        Assert.Equal(EphemeralCheckResult.Valid, turn.Verify(credential.Username, credential.Password));
    }

    [Fact]
    public void Generate_for_an_empty_user_gives_a_bare_timestamp()
    {
        EphemeralCredential credential = Turn(Expiry).Generate("", TimeSpan.Zero);

        Assert.Equal("1700000000", credential.Username);
        Assert.Equal("llLqbnrLMFz0flKdpA8TbUdXSt8=", credential.Password);
    }

    [Fact]
    public void Generate_with_an_empty_ring_is_a_configuration_error()
    {
        var turn = new TurnRestCredentials(new SecretRing([]), new TurnRestOptions(), ClockAt(Expiry));

        Assert.Throws<InvalidOperationException>(() => turn.Generate("alice", TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Verify_accepts_timestamp_first()
    {
        Assert.Equal(EphemeralCheckResult.Valid, Turn(Expiry).Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_detects_user_first_order()
    {
        Assert.Equal(EphemeralCheckResult.Valid, Turn(Expiry).Verify("alice:1700000000", "AYtRGgGkXWFpqZOWFTXeiuVb0sE="));
        Assert.Equal(EphemeralCheckResult.Expired, Turn(Expiry + 1).Verify("alice:1700000000", "AYtRGgGkXWFpqZOWFTXeiuVb0sE="));
    }

    [Fact]
    public void Verify_accepts_at_expiry_and_rejects_one_second_later()
    {
        var clock = ClockAt(Expiry);
        var turn = new TurnRestCredentials(new SecretRing([SharedSecret]), new TurnRestOptions(), clock);

        Assert.Equal(EphemeralCheckResult.Valid, turn.Verify("1700000000:alice", AliceSha1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(EphemeralCheckResult.Expired, turn.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_checks_expiry_before_the_password()
    {
        Assert.Equal(EphemeralCheckResult.Expired, Turn(Expiry + 1).Verify("1700000000:alice", "wrong"));
    }

    [Fact]
    public void Verify_tries_every_secret()
    {
        Assert.Equal(EphemeralCheckResult.Valid, Turn(Expiry, ':', "a", "b", SharedSecret).Verify("1700000000:alice", AliceSha1));
        Assert.Equal(EphemeralCheckResult.WrongPassword, Turn(Expiry, ':', "a", "b").Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_with_an_empty_ring_reports_a_wrong_password()
    {
        var turn = new TurnRestCredentials(new SecretRing([]), new TurnRestOptions(), ClockAt(Expiry));

        Assert.Equal(EphemeralCheckResult.WrongPassword, turn.Verify("1700000000:alice", AliceSha1));
    }

    [Fact]
    public void Verify_never_reports_malformed_for_an_unreadable_timestamp()
    {
        const string username = "alice";
        Assert.Equal(EphemeralCheckResult.Expired, Turn(Expiry).Verify(username, PasswordOf(username, SharedSecret)));
        Assert.Equal(EphemeralCheckResult.Expired, Turn(Expiry).Verify("abc:alice", PasswordOf("abc:alice", SharedSecret)));
    }

    [Fact]
    public void Verify_reads_timestamps_leniently()
    {
        const string username = "alice:1700000000xyz";

        Assert.Equal(EphemeralCheckResult.Valid, Turn(Expiry).Verify(username, PasswordOf(username, SharedSecret)));
    }

    [Fact]
    public void Verify_rejects_a_missing_padding()
    {
        Assert.Equal(EphemeralCheckResult.WrongPassword, Turn(Expiry).Verify("1700000000:alice", AliceSha1.TrimEnd('=')));
    }

    [Fact]
    public void Verify_allocates_nothing()
    {
        var turn = Turn(Expiry, ':', "a", SharedSecret);

        long allocated = SteadyStateAllocations(() =>
        {
            turn.Verify("1700000000:alice", AliceSha1);
            turn.Verify("alice:1700000000", "AYtRGgGkXWFpqZOWFTXeiuVb0sE=");
            turn.Verify("1700000000:alice", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        });

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("1700000000:alice", 1_700_000_000L, "alice", true)]
    [InlineData("alice:1700000000", 1_700_000_000L, "alice", false)]
    [InlineData("1700000000:alice:x", 1_700_000_000L, "alice:x", true)]
    [InlineData("alice:bob:1700000000", 0L, "alice", false)]
    [InlineData(":1700000000", 1_700_000_000L, "1700000000", true)]
    [InlineData("1700000000", 1_700_000_000L, "1700000000", true)]
    [InlineData("+1700000000:alice", 0L, "+1700000000", false)]
    [InlineData("", 0L, "", true)]
    public void Parse_detects_the_order_like_coturn(string username, long expiry, string user, bool timestampFirst)
    {
        var parsed = TurnRestUsername.Parse(username, ':');

        Assert.Equal(expiry, parsed.Expiry);
        Assert.Equal(user, parsed.User.ToString());
        Assert.Equal(timestampFirst, parsed.TimestampFirst);
    }

    [Theory]
    [InlineData("1700000000", 1_700_000_000L)]
    [InlineData("  \t+1700000000", 1_700_000_000L)]
    [InlineData("1700000000abc", 1_700_000_000L)]
    [InlineData("-5", -5L)]
    [InlineData("", 0L)]
    [InlineData("abc", 0L)]
    [InlineData("+", 0L)]
    [InlineData("4294967296", 4_294_967_296L)]
    [InlineData("99999999999999999999999", long.MaxValue)]
    [InlineData("-99999999999999999999999", long.MinValue)]
    public void ParseTimestamp_reads_like_atol(string text, long expected)
    {
        Assert.Equal(expected, TurnRestUsername.ParseTimestamp(text));
    }

    [Fact]
    public void CreateResponse_uses_the_configured_ttl_and_uris()
    {
        var options = new TurnRestOptions { Ttl = TimeSpan.FromDays(1) };
        options.Uris.Add("turn:turn.example.com:3478?transport=udp");
        options.Uris.Add("turns:turn.example.com:5349?transport=tcp");
        var turn = new TurnRestCredentials(new SecretRing([SharedSecret]), options, ClockAt(Expiry - 86_400));

        TurnRestResponse response = turn.CreateResponse("alice");

        Assert.Equal("1700000000:alice", response.Username);
        Assert.Equal(AliceSha1, response.Password);
        Assert.Equal(86_400, response.Ttl);
        Assert.Equal(options.Uris, response.Uris);
    }

    [Fact]
    public void Response_serializes_with_the_draft_property_names()
    {
        var response = new TurnRestResponse("1700000000:alice", AliceSha1, 86_400, ["turn:host:3478?transport=udp"]);

        string json = JsonSerializer.Serialize(response);

        Assert.Equal(
            """{"username":"1700000000:alice","password":"hLPmXJVocY8D4epKpYSIuItdyzM=","ttl":86400,"uris":["turn:host:3478?transport=udp"]}""",
            json);
        Assert.Equal(response.Username, JsonSerializer.Deserialize<TurnRestResponse>(json)!.Username);
    }

    [Fact]
    public void Options_refuse_a_digit_separator_and_a_negative_ttl()
    {
        var ring = new SecretRing([SharedSecret]);

        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnRestCredentials(ring, new TurnRestOptions { Separator = '7' }, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnRestCredentials(ring, new TurnRestOptions { Ttl = TimeSpan.FromSeconds(-1) }, TimeProvider.System));
    }

    [Fact]
    public void Response_text_never_shows_the_password()
    {
        var response = new TurnRestResponse("1700000000:alice", AliceSha1, 86_400, ["turn:a", "turn:b"]);

        Assert.Equal("TurnRestResponse { Username = 1700000000:alice, Ttl = 86400, Uris = [turn:a, turn:b] }", response.ToString());
    }
}
