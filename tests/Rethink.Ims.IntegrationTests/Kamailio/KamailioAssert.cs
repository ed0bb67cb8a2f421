using System.Globalization;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// Assertions on what Kamailio answered. On failure the message holds the exchange and the tail of
/// Kamailio's log with the secrets redacted; nothing is read or printed when the assertion holds.
/// </summary>
public static class KamailioAssert
{
    /// <summary>The first REGISTER was challenged for the configured realm, and the authenticated one got <paramref name="status"/> with autheph rc <paramref name="rc"/>.</summary>
    public static void Outcome(KamailioProcess kamailio, RegisterOutcome outcome, int status, int rc)
    {
        var challenge = outcome.Challenge;
        if (challenge.StatusCode != 401 || challenge.AuthephRc != (int)EphemeralCheckResult.NoCredentials ||
            challenge.Challenge?.Realm != KamailioConfig.Domain)
        {
            Assert.Fail($"Expected the first REGISTER to get 401 with rc -5 and realm {KamailioConfig.Domain}.\n{Describe(kamailio, outcome)}");
        }

        if (outcome.Final.StatusCode != status || outcome.Final.AuthephRc != rc)
        {
            Assert.Fail($"Expected {status} with X-Autheph-Rc {rc}, got {outcome.Final.StatusCode} with {Rc(outcome)}.\n{Describe(kamailio, outcome)}");
        }
    }

    /// <summary>The credential registered: 200, rc 1, and the registrar listed the client's Contact.</summary>
    public static void Registered(KamailioProcess kamailio, RegisterOutcome outcome)
    {
        Outcome(kamailio, outcome, 200, (int)EphemeralCheckResult.Valid);
        if (!outcome.Final.GetHeaders("Contact").Any(c => c.Contains("@127.0.0.1:", StringComparison.Ordinal)))
        {
            Assert.Fail($"Expected the 200 to list the registered Contact.\n{Describe(kamailio, outcome)}");
        }
    }

    /// <summary>The credential was refused with a new challenge for the same realm (the module's documented pattern) and autheph rc <paramref name="rc"/>.</summary>
    public static void Rechallenged(KamailioProcess kamailio, RegisterOutcome outcome, int rc)
    {
        Outcome(kamailio, outcome, 401, rc);
        if (outcome.Final.Challenge?.Realm != KamailioConfig.Domain)
        {
            Assert.Fail($"Expected a new challenge for {KamailioConfig.Domain}.\n{Describe(kamailio, outcome)}");
        }
    }

    /// <summary>Rethink.Ims' verdict has the same number as Kamailio's autheph rc.</summary>
    public static void SameVerdict(KamailioProcess kamailio, RegisterOutcome outcome, EphemeralCheckResult verdict)
    {
        if (outcome.Final.AuthephRc != (int)verdict)
        {
            Assert.Fail($"EphemeralCredentialVerifier said {verdict} ({(int)verdict}), Kamailio's autheph_check said {Rc(outcome)}.\n{Describe(kamailio, outcome)}");
        }
    }

    private static string Rc(RegisterOutcome outcome) =>
        outcome.Final.AuthephRc?.ToString(CultureInfo.InvariantCulture) ?? "nothing";

    private static string Describe(KamailioProcess kamailio, RegisterOutcome outcome) =>
        $"Authorization sent: {outcome.AuthorizationHeader}\n--- challenge ---\n{outcome.Challenge.Raw}\n--- final response ---\n{outcome.Final.Raw}\n{kamailio.Diagnostics()}";
}
