using Microsoft.Extensions.Options;

namespace Rethink.Ims.Sip.Auth;

/// <summary>Checks <see cref="SipDigestOptions"/> at start-up; messages name the configuration keys under <c>Ims:Sip:Auth</c>.</summary>
public sealed class SipDigestOptionsValidator : IValidateOptions<SipDigestOptions>
{
    /// <summary>The smallest nonce key, in bytes.</summary>
    public const int MinNonceSecretBytes = 32;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SipDigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = SipDigestOptions.SectionName + ":";
        if (options.Realm is not null && !IsValidRealm(options.Realm))
        {
            failures.Add($"{Prefix}{nameof(options.Realm)} must be non-empty text without quotes, backslashes or control characters.");
        }

        if (options.Algorithms is not null)
        {
            foreach (var algorithm in options.Algorithms)
            {
                if (!Enum.IsDefined(algorithm))
                {
                    failures.Add($"{Prefix}{nameof(options.Algorithms)} holds an unknown algorithm ({(int)algorithm}); use Md5, Md5Sess, Sha256 or Sha256Sess.");
                }
            }

            if (options.Algorithms.Distinct().Count() != options.Algorithms.Count)
            {
                failures.Add($"{Prefix}{nameof(options.Algorithms)} lists an algorithm twice.");
            }
        }

        if (options.NonceLifetime < TimeSpan.FromSeconds(1) || options.NonceLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(options.NonceLifetime)} must be between 1 second and 1 day.");
        }

        if (options.NonceSecret is not null && !TryDecodeSecret(options.NonceSecret, out _))
        {
            // Never echo the value: it is a secret.
            failures.Add($"{Prefix}{nameof(options.NonceSecret)} must be base64 of at least {MinNonceSecretBytes} bytes.");
        }

        if (options.Opaque is not null && !IsValidRealm(options.Opaque))
        {
            failures.Add($"{Prefix}{nameof(options.Opaque)} must be non-empty text without quotes, backslashes or control characters.");
        }

        if (!Enum.IsDefined(options.FailurePolicy))
        {
            failures.Add($"{Prefix}{nameof(options.FailurePolicy)} must be Rechallenge or Forbidden.");
        }

        if (options.ChallengeMemoryCapacity < 1 || options.ChallengeMemoryCapacity > 16_777_216)
        {
            failures.Add($"{Prefix}{nameof(options.ChallengeMemoryCapacity)} must be between 1 and 16777216.");
        }

        if (options.ChallengeMemoryLifetime < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(options.ChallengeMemoryLifetime)} must not be negative.");
        }

        if (options.NonceTableCapacity < 1 || options.NonceTableCapacity > 10_000_000)
        {
            failures.Add($"{Prefix}{nameof(options.NonceTableCapacity)} must be between 1 and 10000000.");
        }

        if (options.MaxFailuresPerSource < 0)
        {
            failures.Add($"{Prefix}{nameof(options.MaxFailuresPerSource)} must be 0 (off) or more.");
        }

        if (options.MaxFailuresPerUser < 0)
        {
            failures.Add($"{Prefix}{nameof(options.MaxFailuresPerUser)} must be 0 (off) or more.");
        }

        if (options.FailureWindow <= TimeSpan.Zero || options.FailureWindow > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(options.FailureWindow)} must be more than 0 and at most 1 day.");
        }

        if (options.FailureTableCapacity < 1 || options.FailureTableCapacity > 10_000_000)
        {
            failures.Add($"{Prefix}{nameof(options.FailureTableCapacity)} must be between 1 and 10000000.");
        }

        if (options.ThrottleStatusCode is not (403 or 503))
        {
            failures.Add($"{Prefix}{nameof(options.ThrottleStatusCode)} must be 403 or 503.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsValidRealm(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is '"' or '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool TryDecodeSecret(string text, out byte[] secret)
    {
        secret = [];
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written < MinNonceSecretBytes)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
            return false;
        }

        secret = buffer[..written];
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        return true;
    }
}
