using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Credentials;
using static Rethink.Ims.Tests.Credentials.CredentialFixtures;

namespace Rethink.Ims.Tests.Credentials;

/// <summary>Laws every credential must obey, checked on generated inputs.</summary>
public class CredentialLaws
{
    private static readonly EphemeralUsernameFormat[] Formats = Enum.GetValues<EphemeralUsernameFormat>();
    private static readonly EphemeralHashAlgorithm[] Algorithms = Enum.GetValues<EphemeralHashAlgorithm>();

    // Whole text elements, some non-ASCII and one outside the BMP, so that user names exercise UTF-8.
    private static readonly string[] UserPieces =
        ["a", "b", "z", "A", "Q", "0", "7", "9", ".", "-", "_", "+", "@", ":", " ", "é", "ß", "漢", "😀"];

    private static readonly char[] Replacements = "aZ09+/=:@.-x_ é".ToCharArray();

    private static Gen<string> Users(bool allowColon) =>
        Gen.Elements(allowColon ? UserPieces : UserPieces.Where(p => p != ":").ToArray())
            .ArrayOf()
            .Select(pieces => string.Concat(pieces));

    private static readonly Gen<string> Secrets =
        Gen.Elements(UserPieces).NonEmptyListOf().Select(pieces => string.Concat(pieces));

    private static readonly Gen<long> Expiries =
        Gen.OneOf(
            Gen.Choose(0, int.MaxValue).Select(i => (long)i),
            Gen.Choose(0, int.MaxValue).Select(i => (long)i + int.MaxValue),
            Gen.Elements(0L, 1L, 1_700_000_000L, uint.MaxValue - 1L, (long)uint.MaxValue));

    private static readonly Gen<CredentialCase> Cases =
        from format in Gen.Elements(Formats)
        from algorithm in Gen.Elements(Algorithms)
        from user in Users(allowColon: format == EphemeralUsernameFormat.ExpiryThenUser)
        from secret in Secrets
        from expiry in Expiries
        select new CredentialCase(format, algorithm, user, secret, expiry);

    /// <summary>A generated credential setting; printed when a law fails.</summary>
    public sealed record CredentialCase(EphemeralUsernameFormat Format, EphemeralHashAlgorithm Algorithm, string User, string Secret, long Expiry)
    {
        public EphemeralCredentialOptions Options => new() { UsernameFormat = Format, HashAlgorithm = Algorithm };

        public EphemeralCredential Issue() =>
            new EphemeralCredentialGenerator(new SecretRing([Secret]), Options, ClockAt(0))
                .Generate(User, DateTimeOffset.FromUnixTimeSeconds(Expiry));

        public EphemeralCredentialVerifier VerifierAt(long now) => new(new SecretRing(["unrelated", Secret]), Options, ClockAt(now));
    }

    /// <summary>One edit of one character of a string.</summary>
    public sealed record Edit(int Kind, int Position, char Replacement)
    {
        public string ApplyTo(string text)
        {
            if (text.Length == 0 || Kind == 0)
            {
                return text.Insert(Position % (text.Length + 1), Replacement.ToString());
            }

            int at = Position % text.Length;
            if (Kind == 1)
            {
                return text.Remove(at, 1);
            }

            char different = text[at] == Replacement ? (Replacement == 'a' ? 'b' : 'a') : Replacement;
            return string.Concat(text.AsSpan(0, at), different.ToString(), text.AsSpan(at + 1));
        }
    }

    private static readonly Gen<Edit> Edits =
        from kind in Gen.Choose(0, 2)
        from position in Gen.Choose(0, 1000)
        from replacement in Gen.Elements(Replacements)
        select new Edit(kind, position, replacement);

    [Property(MaxTest = 300)]
    public Property Generated_credentials_verify_for_every_format_and_hash() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            EphemeralCredential credential = c.Issue();
            var verifier = c.VerifierAt(c.Expiry);
            return verifier.Verify(credential.Username, credential.Password) == EphemeralCheckResult.Valid
                && verifier.Authenticate(credential.Username, credential.Password) == EphemeralCheckResult.Valid
                && credential.Password.Length == EphemeralPassword.GetLength(c.Algorithm)
                && credential.Expires.ToUnixTimeSeconds() == c.Expiry;
        });

    [Property(MaxTest = 300)]
    public Property Generated_credentials_name_their_user_and_expiry() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            EphemeralCredential credential = c.Issue();
            var parsed = EphemeralUsername.Parse(credential.Username, c.Format);
            return parsed.HasValidTimestamp
                && parsed.Expiry == c.Expiry
                && parsed.User.SequenceEqual(c.User)
                && parsed.HasUser == (c.User.Length > 0);
        });

    [Property(MaxTest = 500)]
    public Property Any_single_change_to_the_username_is_rejected() =>
        Prop.ForAll(Cases.ToArbitrary(), Edits.ToArbitrary(), (c, edit) =>
        {
            EphemeralCredential credential = c.Issue();
            string tampered = edit.ApplyTo(credential.Username);
            return c.VerifierAt(0).Verify(tampered, credential.Password) != EphemeralCheckResult.Valid;
        });

    [Property(MaxTest = 500)]
    public Property Any_single_change_to_the_password_is_rejected() =>
        Prop.ForAll(Cases.ToArbitrary(), Edits.ToArbitrary(), (c, edit) =>
        {
            EphemeralCredential credential = c.Issue();
            string tampered = edit.ApplyTo(credential.Password);
            return c.VerifierAt(0).Verify(credential.Username, tampered) == EphemeralCheckResult.WrongPassword;
        });

    [Property(MaxTest = 300)]
    public Property Validity_is_exactly_the_seconds_up_to_the_expiry() =>
        Prop.ForAll(Cases.ToArbitrary(), Gen.Choose(-100_000, 100_000).ToArbitrary(), (c, offset) =>
        {
            long now = Math.Max(0, c.Expiry + offset);
            EphemeralCredential credential = c.Issue();
            EphemeralCheckResult expected = now <= c.Expiry ? EphemeralCheckResult.Valid : EphemeralCheckResult.Expired;
            return c.VerifierAt(now).Verify(credential.Username, credential.Password) == expected;
        });

    private static readonly Gen<(string User, string Secret, char Separator, int Offset)> TurnCases =
        from user in Users(allowColon: true)
        from secret in Secrets
        from separator in Gen.Elements(':', '_', '|', '@')
        from offset in Gen.Choose(-1000, 1000)
        select (user, secret, separator, offset);

    [Property(MaxTest = 200)]
    public Property Turn_credentials_round_trip_and_expire_after_their_second() =>
        Prop.ForAll(TurnCases.ToArbitrary(), c =>
        {
            (string user, string secret, char separator, int offset) = c;
            const long issuedAt = 1_700_000_000;
            const int ttl = 3600;
            var options = new TurnRestOptions { Separator = separator };
            EphemeralCredential credential = new TurnRestCredentials(new SecretRing([secret]), options, ClockAt(issuedAt))
                .Generate(user, TimeSpan.FromSeconds(ttl));
            long now = issuedAt + ttl + offset;
            var turn = new TurnRestCredentials(new SecretRing(["unrelated", secret]), options, ClockAt(now));
            EphemeralCheckResult expected = offset <= 0 ? EphemeralCheckResult.Valid : EphemeralCheckResult.Expired;
            return turn.Verify(credential.Username, credential.Password) == expected;
        });

    [Property]
    public bool Every_uint_timestamp_round_trips_through_the_strict_parser(uint value) =>
        EphemeralUsername.TryParseTimestamp(value.ToString(System.Globalization.CultureInfo.InvariantCulture), out uint parsed)
        && parsed == value
        && EphemeralUsername.TryParseTimestamp("+" + value.ToString(System.Globalization.CultureInfo.InvariantCulture), out parsed)
        && parsed == value;

    [Property]
    public bool Timestamps_above_uint_max_are_malformed(uint excess) =>
        !EphemeralUsername.TryParseTimestamp(((ulong)uint.MaxValue + 1 + excess).ToString(System.Globalization.CultureInfo.InvariantCulture), out _);

    [Property]
    public bool Verify_never_throws_on_arbitrary_input(string? username, string? password)
    {
        var verifier = CredentialFixtures.VerifierAt(Expiry);
        EphemeralCheckResult result = verifier.Verify(username, password);
        return Enum.IsDefined(result) && verifier.Authenticate(username, password) != EphemeralCheckResult.WrongPassword;
    }
}
