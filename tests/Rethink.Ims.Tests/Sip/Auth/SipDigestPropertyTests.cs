using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Sip.Auth;
using static Rethink.Ims.Tests.Sip.Auth.DigestTestKit;

namespace Rethink.Ims.Tests.Sip.Auth;

public class SipDigestPropertyTests
{
    private const string Safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,;?/%:@";

    private static Gen<string> Text(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(Safe.ToCharArray()), n)).Select(c => new string(c));

    private static Gen<string> Realm => Text(1, 20).Select(s => s.Replace(":", string.Empty, StringComparison.Ordinal)).Where(s => s.Length > 0);

    // A static user that the ephemeral check cannot read as a credential: no ':' (no "<expiry>:<user>"), and not a
    // bare timestamp such as "5" or "+5" (Kamailio reads those as an expiry: after the static table refuses, the
    // ephemeral verdict, -7, is the one reported, as `auth_check(...) || autheph_check(...)` gives).
    private static Gen<string> StaticUser => Realm.Where(u => !Rethink.Ims.Credentials.EphemeralUsername.TryParseTimestamp(u, out _));

    private static Gen<string> Algorithm => Gen.Elements("MD5", "SHA-256", "MD5-sess", "SHA-256-sess");

    [Property(MaxTest = 300)]
    public Property Library_digest_equals_an_independent_implementation_for_any_inputs() =>
        Prop.ForAll(
            (from user in Text(0, 30)
             from realm in Realm
             from password in Text(0, 30)
             from nonce in Text(1, 50)
             from cnonce in Text(1, 20)
             from algorithm in Algorithm
             from qop in Gen.Elements<string?>("auth", null)
             select (user, realm, password, nonce, cnonce, algorithm, qop)).ToArbitrary(),
            t =>
            {
                var (user, realm, password, nonce, cnonce, algorithmName, qop) = t;
                SipDigest.TryParse(Encoding.ASCII.GetBytes(algorithmName), out var algorithm);
                Span<byte> ha1 = stackalloc byte[SipDigest.MaxHexLength];
                var length = SipDigest.Ha1(algorithm, Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(realm), password, ha1);
                Span<byte> session = stackalloc byte[SipDigest.MaxHexLength];
                ReadOnlySpan<byte> effective = ha1[..length];
                if (SipDigest.IsSession(algorithm))
                {
                    effective = session[..SipDigest.SessionHa1(algorithm, effective, Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(cnonce), session)];
                }

                Span<byte> response = stackalloc byte[SipDigest.MaxHexLength];
                var responseLength = SipDigest.Response(algorithm, effective, Encoding.UTF8.GetBytes(nonce), "00000001"u8, Encoding.UTF8.GetBytes(cnonce),
                    qop is null ? default : Encoding.ASCII.GetBytes(qop), "REGISTER"u8, "sip:example.com"u8, response);
                var expected = Reference.Response(algorithmName, user, realm, password, nonce, "00000001", cnonce, qop, "REGISTER", "sip:example.com");
                return Encoding.ASCII.GetString(response[..responseLength]) == expected;
            });

    [Property(MaxTest = 100)]
    public Property Reference_response_is_accepted_and_any_single_character_change_is_rejected() =>
        Prop.ForAll(
            (from user in StaticUser
             from realm in Realm
             from password in Text(1, 30)
             from algorithm in Algorithm
             from position in Gen.Choose(0, 63)
             from replacement in Gen.Elements("0123456789abcdef".ToCharArray())
             select (user, realm, password, algorithm, position, replacement)).ToArbitrary(),
            t =>
            {
                var (user, realm, password, algorithm, position, replacement) = t;
                var store = new InMemoryStaticCredentialStore();
                store.SetPassword(realm, user, password);
                var kit = new DigestTestKit(
                    o => o.Algorithms = [SipDigestAlgorithm.Md5, SipDigestAlgorithm.Sha256, SipDigestAlgorithm.Md5Sess, SipDigestAlgorithm.Sha256Sess],
                    store);
                var nonce = kit.NewNonce(realm: realm);
                var good = Reference.Response(algorithm, user, realm, password, nonce, "00000001", "c1", "auth", "REGISTER", "sip:example.com");
                var index = position % good.Length;
                var changed = good[index] == replacement ? (replacement == '0' ? '1' : '0') : replacement;
                var bad = good[..index] + changed + good[(index + 1)..];

                var rejected = kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, user, password, realm, cnonce: "c1", algorithm: algorithm, response: bad)), realm);
                var accepted = kit.Authenticator.Authenticate(Request(authLines: Authorization(nonce, user, password, realm, cnonce: "c1", algorithm: algorithm, response: good)), realm);

                return (accepted.IsAuthenticated && accepted.User == user && rejected.Result == SipAuthResult.WrongPassword)
                    .Label($"accepted {accepted}, rejected {rejected}");
            });
}
