using Rethink.Ims.Credentials;

namespace Rethink.Ims.Tests.Credentials;

public class EphemeralUsernameTests
{
    private const EphemeralUsernameFormat One = EphemeralUsernameFormat.ExpiryThenUser;
    private const EphemeralUsernameFormat Zero = EphemeralUsernameFormat.UserThenExpiry;

    [Theory]
    [InlineData("1700000000", true, 1_700_000_000u)]
    [InlineData("+1700000000", true, 1_700_000_000u)]
    [InlineData("0", true, 0u)]
    [InlineData("", true, 0u)]
    [InlineData("+", true, 0u)]
    [InlineData("0001700000000", true, 1_700_000_000u)]
    [InlineData("4294967295", true, uint.MaxValue)]
    [InlineData("4294967296", false, 0u)]
    [InlineData("99999999999999999999999", false, 0u)]
    [InlineData("-1", false, 0u)]
    [InlineData("++1", false, 0u)]
    [InlineData(" 1700000000", false, 0u)]
    [InlineData("1700000000 ", false, 0u)]
    [InlineData("17000000x0", false, 0u)]
    [InlineData("alice", false, 0u)]
    [InlineData("1700000000:", false, 0u)]
    [InlineData("\u0661\u0667", false, 0u)]
    public void TryParseTimestamp_follows_kamailio_str2int(string text, bool valid, uint value)
    {
        Assert.Equal(valid, EphemeralUsername.TryParseTimestamp(text, out uint parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("1700000000:alice", "1700000000", "alice", true)]
    [InlineData("1700000000:alice@example.com", "1700000000", "alice@example.com", true)]
    [InlineData("1700000000:a:b", "1700000000", "a:b", true)]
    [InlineData("1700000000", "1700000000", "", false)]
    [InlineData("1700000000:", "1700000000:", "", false)]
    [InlineData(":alice", "", "alice", true)]
    [InlineData("alice", "alice", "", false)]
    [InlineData("", "", "", false)]
    [InlineData("+1700000000:a", "+1700000000", "a", true)]
    public void Format_one_splits_at_the_first_colon_unless_it_is_last(string username, string timestamp, string user, bool hasUser)
    {
        var parsed = EphemeralUsername.Parse(username, One);

        Assert.Equal(timestamp, parsed.TimestampText.ToString());
        Assert.Equal(user, parsed.User.ToString());
        Assert.Equal(hasUser, parsed.HasUser);
        Assert.Equal(username, parsed.Value.ToString());
    }

    [Theory]
    [InlineData("alice:1700000000", "1700000000", "alice", true)]
    [InlineData("alice@example.com:1700000000", "1700000000", "alice@example.com", true)]
    [InlineData("a:b:1700000000", "b:1700000000", "a", true)]
    [InlineData(":1700000000", "1700000000", "", true)]
    [InlineData("1700000000", "1700000000", "", false)]
    [InlineData("alice:", "alice:", "", false)]
    [InlineData("alice", "alice", "", false)]
    public void Format_zero_takes_the_timestamp_after_the_first_colon(string username, string timestamp, string user, bool hasUser)
    {
        var parsed = EphemeralUsername.Parse(username, Zero);

        Assert.Equal(timestamp, parsed.TimestampText.ToString());
        Assert.Equal(user, parsed.User.ToString());
        Assert.Equal(hasUser, parsed.HasUser);
    }

    [Theory]
    [InlineData("1700000000:alice", One, true, 1_700_000_000u)]
    [InlineData("1700000000", One, true, 1_700_000_000u)]
    [InlineData(":alice", One, true, 0u)]
    [InlineData("alice", One, false, 0u)]
    [InlineData("4294967295:a", One, true, uint.MaxValue)]
    [InlineData("4294967296:a", One, false, 0u)]
    [InlineData("alice:1700000000", Zero, true, 1_700_000_000u)]
    [InlineData("a:b:1700000000", Zero, false, 0u)]
    public void Parse_reports_the_expiry(string username, EphemeralUsernameFormat format, bool valid, uint expiry)
    {
        var parsed = EphemeralUsername.Parse(username, format);

        Assert.Equal(valid, parsed.HasValidTimestamp);
        Assert.Equal(expiry, parsed.Expiry);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expiry), parsed.ExpiresAt);
    }

    [Theory]
    [InlineData("1700000000:alice@example.com", "alice", "example.com")]
    [InlineData("1700000000:alice", "alice", "")]
    [InlineData("1700000000:alice@", "alice@", "")]
    [InlineData("1700000000:@example.com", "", "example.com")]
    [InlineData("1700000000:a@b@c", "a", "b@c")]
    public void User_part_splits_at_an_at_sign_followed_by_something(string username, string userName, string domain)
    {
        var parsed = EphemeralUsername.Parse(username, One);

        Assert.Equal(userName, parsed.UserName.ToString());
        Assert.Equal(domain, parsed.Domain.ToString());
    }

    [Theory]
    [InlineData("1700000000:alice", "alice", "example.com", EphemeralUserCheckResult.Match)]
    [InlineData("1700000000:alice", "alice", "other.org", EphemeralUserCheckResult.Match)]
    [InlineData("1700000000:alice@example.com", "alice", "example.com", EphemeralUserCheckResult.Match)]
    [InlineData("1700000000:alice@example.com", "alice", "other.org", EphemeralUserCheckResult.Mismatch)]
    [InlineData("1700000000:alice@example.com", "bob", "example.com", EphemeralUserCheckResult.Mismatch)]
    [InlineData("1700000000:alice@example.com", "Alice", "example.com", EphemeralUserCheckResult.Mismatch)]
    [InlineData("1700000000:alice@example.com", "alice", "EXAMPLE.COM", EphemeralUserCheckResult.Mismatch)]
    [InlineData("1700000000:alice@", "alice", "example.com", EphemeralUserCheckResult.Mismatch)]
    [InlineData("1700000000:alice@", "alice@", "example.com", EphemeralUserCheckResult.Match)]
    [InlineData("1700000000:@example.com", "", "example.com", EphemeralUserCheckResult.Match)]
    [InlineData("1700000000:alice", "alic", "example.com", EphemeralUserCheckResult.Mismatch)]
    [InlineData("1700000000:alice", "alicea", "example.com", EphemeralUserCheckResult.Mismatch)]
    [InlineData("garbage:alice", "alice", "example.com", EphemeralUserCheckResult.Match)]
    [InlineData("1700000000", "1700000000", "example.com", EphemeralUserCheckResult.NoUser)]
    [InlineData("1700000000:", "", "example.com", EphemeralUserCheckResult.NoUser)]
    [InlineData("", "", "", EphemeralUserCheckResult.Mismatch)]
    public void CheckUser_compares_like_autheph_check_from(string username, string uriUser, string uriHost, EphemeralUserCheckResult expected)
    {
        Assert.Equal(expected, EphemeralUsername.Parse(username, One).CheckUser(uriUser, uriHost));
        Assert.Equal(expected, CredentialFixtures.VerifierAt(0).CheckUser(username, uriUser, uriHost));
    }

    [Theory]
    [InlineData("alice@example.com:1700000000", "alice", "example.com", EphemeralUserCheckResult.Match)]
    [InlineData("alice:1700000000", "alice", "example.com", EphemeralUserCheckResult.Match)]
    [InlineData("alice:1700000000", "1700000000", "example.com", EphemeralUserCheckResult.Mismatch)]
    [InlineData("1700000000", "", "example.com", EphemeralUserCheckResult.NoUser)]
    public void CheckUser_takes_the_user_before_the_colon_in_format_zero(string username, string uriUser, string uriHost, EphemeralUserCheckResult expected)
    {
        Assert.Equal(expected, CredentialFixtures.VerifierAt(0, Zero).CheckUser(username, uriUser, uriHost));
    }

    [Fact]
    public void CheckUser_results_are_kamailio_check_codes()
    {
        Assert.Equal(1, (int)EphemeralUserCheckResult.Match);
        Assert.Equal(-1, (int)EphemeralUserCheckResult.Mismatch);
        Assert.Equal(-2, (int)EphemeralUserCheckResult.NoUser);
    }

    [Fact]
    public void Parse_rejects_an_undefined_format()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EphemeralUsername.Parse("1:a", (EphemeralUsernameFormat)7));
    }
}
