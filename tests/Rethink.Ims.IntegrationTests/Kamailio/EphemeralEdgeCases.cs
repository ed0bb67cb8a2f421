using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// The auth_ephemeral edge cases of FACTS.md §1 (and neighbours found by running Kamailio), each with
/// the return code Kamailio 5.6.3 gives. Theories take the case name so each case is its own test.
/// </summary>
public static class EphemeralEdgeCases
{
    private const EphemeralUsernameFormat F1 = EphemeralUsernameFormat.ExpiryThenUser;
    private const EphemeralUsernameFormat F0 = EphemeralUsernameFormat.UserThenExpiry;
    private const EphemeralHashAlgorithm Sha1 = EphemeralHashAlgorithm.Sha1;
    private const int Valid = 1, Malformed = -1, WrongPassword = -2, Expired = -7;

    /// <summary>Every case.</summary>
    public static IReadOnlyList<EphemeralEdgeCase> All { get; } =
    [
        // Format 1 (<expiry>:<user>), the default.
        new("f1 fresh expiry:user", F1, Sha1, "{future}:alice", EdgeCasePassword.Correct, Valid),
        new("f1 bare timestamp without user part", F1, Sha1, "{future}", EdgeCasePassword.Correct, Valid),
        new("f1 empty timestamp ':alice' is 0 so expired", F1, Sha1, ":alice", EdgeCasePassword.Correct, Expired),
        new("f1 no timestamp 'alice'", F1, Sha1, "alice", EdgeCasePassword.Correct, Malformed),
        new("f1 leading plus '+<ts>:alice'", F1, Sha1, "+{future}:alice", EdgeCasePassword.Correct, Valid),
        new("f1 two plus signs", F1, Sha1, "++{future}:alice", EdgeCasePassword.Correct, Malformed),
        new("f1 minus sign", F1, Sha1, "-5:alice", EdgeCasePassword.Correct, Malformed),
        new("f1 plus sign alone is 0 so expired", F1, Sha1, "+:alice", EdgeCasePassword.Correct, Expired),
        new("f1 timestamp 4294967295 (2106) is accepted", F1, Sha1, "4294967295:alice", EdgeCasePassword.Correct, Valid),
        new("f1 bare timestamp 4294967295", F1, Sha1, "4294967295", EdgeCasePassword.Correct, Valid),
        new("f1 timestamp 4294967296 overflows", F1, Sha1, "4294967296:alice", EdgeCasePassword.Correct, Malformed),
        new("f1 20-digit timestamp overflows", F1, Sha1, "99999999999999999999:alice", EdgeCasePassword.Correct, Malformed),
        new("f1 leading zeros are fine", F1, Sha1, "0000000000000000000000{future}:alice", EdgeCasePassword.Correct, Valid),
        new("f1 non-digit in timestamp", F1, Sha1, "17000x0000:alice", EdgeCasePassword.Correct, Malformed),
        new("f1 trailing colon '<ts>:' parses the whole username", F1, Sha1, "{future}:", EdgeCasePassword.Correct, Malformed),
        new("f1 lone colon", F1, Sha1, ":", EdgeCasePassword.Correct, Malformed),
        new("f1 empty username is timestamp 0 so expired", F1, Sha1, "", EdgeCasePassword.Correct, Expired),
        new("f1 user with domain '<ts>:alice@example.com'", F1, Sha1, "{future}:alice@example.com", EdgeCasePassword.Correct, Valid),
        new("f1 no colon but a domain '<ts>@example.com'", F1, Sha1, "{future}@example.com", EdgeCasePassword.Correct, Malformed),
        new("f1 only the first colon separates '<ts>:alice:bob'", F1, Sha1, "{future}:alice:bob", EdgeCasePassword.Correct, Valid),
        new("f1 space before timestamp", F1, Sha1, " {future}:alice", EdgeCasePassword.Correct, Malformed),
        new("f1 space after timestamp", F1, Sha1, "{future} :alice", EdgeCasePassword.Correct, Malformed),
        new("f1 wrong password", F1, Sha1, "{future}:alice", EdgeCasePassword.WrongSecret, WrongPassword),
        new("f1 password without base64 padding", F1, Sha1, "{future}:alice", EdgeCasePassword.Unpadded, WrongPassword),
        new("f1 empty password", F1, Sha1, "{future}:alice", EdgeCasePassword.Empty, WrongPassword),
        new("f1 expired", F1, Sha1, "{past}:alice", EdgeCasePassword.Correct, Expired),
        new("f1 expired with wrong password reports expired", F1, Sha1, "{past}:alice", EdgeCasePassword.WrongSecret, Expired),
        new("f1 malformed with wrong password reports malformed", F1, Sha1, "alice", EdgeCasePassword.WrongSecret, Malformed),
        new("f1 overflow with wrong password reports malformed", F1, Sha1, "4294967296:alice", EdgeCasePassword.WrongSecret, Malformed),
        new("f1 sha256 fresh", F1, EphemeralHashAlgorithm.Sha256, "{future}:alice", EdgeCasePassword.Correct, Valid),
        new("f1 sha256 password without padding", F1, EphemeralHashAlgorithm.Sha256, "{future}:alice", EdgeCasePassword.Unpadded, WrongPassword),
        new("f1 sha256 server given a sha1 password", F1, EphemeralHashAlgorithm.Sha256, "{future}:alice", EdgeCasePassword.Sha1Instead, WrongPassword),
        new("f1 sha384 wrong password", F1, EphemeralHashAlgorithm.Sha384, "{future}:alice", EdgeCasePassword.WrongSecret, WrongPassword),
        new("f1 sha512 password without padding", F1, EphemeralHashAlgorithm.Sha512, "{future}:alice", EdgeCasePassword.Unpadded, WrongPassword),
        new("f1 sha512 expired", F1, EphemeralHashAlgorithm.Sha512, "{past}:alice", EdgeCasePassword.Correct, Expired),

        // Format 0 (<user>:<expiry>), deprecated.
        new("f0 fresh user:expiry", F0, Sha1, "alice:{future}", EdgeCasePassword.Correct, Valid),
        new("f0 expired", F0, Sha1, "alice:{past}", EdgeCasePassword.Correct, Expired),
        new("f0 trailing colon 'alice:' parses the whole username", F0, Sha1, "alice:", EdgeCasePassword.Correct, Malformed),
        new("f0 no colon 'alice'", F0, Sha1, "alice", EdgeCasePassword.Correct, Malformed),
        new("f0 empty user ':<ts>'", F0, Sha1, ":{future}", EdgeCasePassword.Correct, Valid),
        new("f0 leading plus 'alice:+<ts>'", F0, Sha1, "alice:+{future}", EdgeCasePassword.Correct, Valid),
        new("f0 only the first colon separates 'alice:bob:<ts>'", F0, Sha1, "alice:bob:{future}", EdgeCasePassword.Correct, Malformed),
        new("f0 bare timestamp", F0, Sha1, "{future}", EdgeCasePassword.Correct, Valid),
        new("f0 user with domain 'alice@example.com:<ts>'", F0, Sha1, "alice@example.com:{future}", EdgeCasePassword.Correct, Valid),
        new("f0 format 1 layout '<ts>:alice'", F0, Sha1, "{future}:alice", EdgeCasePassword.Correct, Malformed),
        new("f0 timestamp 4294967296 overflows", F0, Sha1, "alice:4294967296", EdgeCasePassword.Correct, Malformed),
        new("f0 empty username is timestamp 0 so expired", F0, Sha1, "", EdgeCasePassword.Correct, Expired),
        new("f0 wrong password", F0, Sha1, "alice:{future}", EdgeCasePassword.WrongSecret, WrongPassword),
        new("f0 expired with wrong password reports expired", F0, Sha1, "alice:{past}", EdgeCasePassword.WrongSecret, Expired),
    ];

    /// <summary>The case names, as theory data.</summary>
    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static EphemeralEdgeCase Get(string name) => All.Single(c => c.Name == name);
}
