using System.Globalization;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// One username/password input for auth_ephemeral. <paramref name="UsernameTemplate"/> may hold
/// <c>{future}</c> (now + 1 hour) and <c>{past}</c> (now - 1 hour), filled in at run time.
/// <paramref name="KamailioRc"/> is what Kamailio 5.6.3 answers (FACTS.md §1 and observation).
/// </summary>
public sealed record EphemeralEdgeCase(
    string Name,
    EphemeralUsernameFormat Format,
    EphemeralHashAlgorithm Hash,
    string UsernameTemplate,
    EdgeCasePassword Password,
    int KamailioRc)
{
    /// <summary>The Kamailio configuration the case runs against (one secret, qop=auth).</summary>
    public KamailioConfig Config => new() { UsernameFormat = Format, HashAlgorithm = Hash };

    /// <summary>The username and password to send, for a clock reading <paramref name="now"/>.</summary>
    public (string Username, string Password) Materialize(DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var username = UsernameTemplate
            .Replace("{future}", (seconds + 3600).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{past}", (seconds - 3600).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var password = Password switch
        {
            EdgeCasePassword.Correct => HmacOracle.Password(KamailioConfig.DefaultSecret, username, Hash),
            EdgeCasePassword.WrongSecret => HmacOracle.Password("not-the-configured-secret", username, Hash),
            EdgeCasePassword.Unpadded => HmacOracle.Password(KamailioConfig.DefaultSecret, username, Hash).TrimEnd('='),
            EdgeCasePassword.Empty => "",
            EdgeCasePassword.Sha1Instead => HmacOracle.Password(KamailioConfig.DefaultSecret, username, EphemeralHashAlgorithm.Sha1),
            _ => throw new InvalidOperationException($"Unknown password kind {Password}."),
        };
        return (username, password);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
