using System.Globalization;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>The knobs of kamailio-autheph.cfg that a test can turn. <see cref="ToString"/> never shows the secrets.</summary>
public sealed class KamailioConfig
{
    /// <summary>The secret the tests use unless they say otherwise.</summary>
    public const string DefaultSecret = "rethink-ims-kamailio-it-secret";

    /// <summary>The SIP domain, which is also the challenged realm (the script challenges with <c>$fd</c>).</summary>
    public const string Domain = "example.com";

    /// <summary>auth_ephemeral <c>username_format</c>.</summary>
    public EphemeralUsernameFormat UsernameFormat { get; init; } = EphemeralUsernameFormat.ExpiryThenUser;

    /// <summary>auth_ephemeral <c>sha_algorithm</c>.</summary>
    public EphemeralHashAlgorithm HashAlgorithm { get; init; } = EphemeralHashAlgorithm.Sha1;

    /// <summary>The secrets, newest first (the configuration file sets them in the reverse order, because the module tries the last one set first).</summary>
    public IReadOnlyList<string> SecretsNewestFirst { get; init; } = [DefaultSecret];

    /// <summary>Whether the challenge offers <c>qop=auth</c> (<c>auth_challenge</c> flags 1) or no qop (flags 0).</summary>
    public bool ChallengeWithQopAuth { get; init; } = true;

    /// <summary>Identifies equal configurations so that a fixture can reuse one Kamailio for them. Holds secrets: never print it.</summary>
    internal string Key =>
        string.Join('\n', [(int)UsernameFormat, (int)HashAlgorithm, ChallengeWithQopAuth, .. SecretsNewestFirst]);

    /// <summary>The configuration file text for a Kamailio listening on 127.0.0.1:<paramref name="port"/>.</summary>
    public string Render(string template, int port)
    {
        if (SecretsNewestFirst.Count == 0)
        {
            throw new InvalidOperationException("auth_ephemeral needs at least one secret.");
        }

        foreach (var secret in SecretsNewestFirst)
        {
            // Kamailio string literals: keep to characters that need no escaping.
            if (secret.Length == 0 || secret.Any(c => c is '"' or '\\' or '\r' or '\n'))
            {
                throw new InvalidOperationException("Test secrets must be non-empty and free of quotes, backslashes and line breaks.");
            }
        }

        var secretLines = string.Join(
            '\n', SecretsNewestFirst.Reverse().Select(s => $"modparam(\"auth_ephemeral\", \"secret\", \"{s}\")"));
        var text = template
            .Replace("{{PORT}}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{USERNAME_FORMAT}}", ((int)UsernameFormat).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{SHA_ALGORITHM}}", ((int)HashAlgorithm).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{CHALLENGE_FLAGS}}", ChallengeWithQopAuth ? "1" : "0", StringComparison.Ordinal)
            .Replace("{{SECRETS}}", secretLines, StringComparison.Ordinal);
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The Kamailio template has a placeholder that KamailioConfig does not fill.");
        }

        return text;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"username_format={(int)UsernameFormat} sha_algorithm={(int)HashAlgorithm} secrets={SecretsNewestFirst.Count} qop={(ChallengeWithQopAuth ? "auth" : "none")}";
}
