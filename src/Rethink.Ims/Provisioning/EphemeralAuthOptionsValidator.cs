using Microsoft.Extensions.Options;

namespace Rethink.Ims.Provisioning;

/// <summary>Checks <see cref="EphemeralAuthOptions"/> at start; every message names the configuration key at fault.</summary>
internal sealed class EphemeralAuthOptionsValidator : IValidateOptions<EphemeralAuthOptions>
{
    private const string Section = EphemeralAuthOptions.SectionName;
    private const int MaxTtlSeconds = 10 * 366 * 24 * 3600;

    public ValidateOptionsResult Validate(string? name, EphemeralAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (options.Secrets.Count == 0)
        {
            errors.Add($"{Section}:Secrets:0 is required: the secret shared with the SIP server (environment Ims__EphemeralAuth__Secrets__0).");
        }

        for (var i = 0; i < options.Secrets.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Secrets[i]))
            {
                errors.Add($"{Section}:Secrets:{i} is empty.");
            }
        }

        if (!Enum.IsDefined(options.UsernameFormat))
        {
            errors.Add($"{Section}:UsernameFormat must be ExpiryThenUser (1) or UserThenExpiry (0).");
        }

        if (!Enum.IsDefined(options.HashAlgorithm))
        {
            errors.Add($"{Section}:HashAlgorithm must be Sha1, Sha256, Sha384 or Sha512.");
        }

        if (options.TtlSeconds is < 1 or > MaxTtlSeconds)
        {
            errors.Add($"{Section}:TtlSeconds must be between 1 and {MaxTtlSeconds}.");
        }

        for (var i = 0; i < options.Uris.Count; i++)
        {
            if (!Uri.TryCreate(options.Uris[i], UriKind.Absolute, out _))
            {
                errors.Add($"{Section}:Uris:{i} is not an absolute URI (e.g. wss://sip.example.com).");
            }
        }

        if (!string.IsNullOrEmpty(options.Domain) && Uri.CheckHostName(options.Domain) == UriHostNameType.Unknown)
        {
            errors.Add($"{Section}:Domain is not a host name.");
        }

        for (var i = 0; i < options.Cors.AllowedOrigins.Count; i++)
        {
            if (!Uri.TryCreate(options.Cors.AllowedOrigins[i], UriKind.Absolute, out var origin) ||
                (origin.Scheme != Uri.UriSchemeHttp && origin.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{Section}:Cors:AllowedOrigins:{i} is not an http(s) origin (e.g. https://app.example.com).");
            }
        }

        if (options.RateLimit.PerAddressPerMinute < 0)
        {
            errors.Add($"{Section}:RateLimit:PerAddressPerMinute must be 0 (off) or more.");
        }

        if (options.RateLimit.PerIdentityPerMinute < 0)
        {
            errors.Add($"{Section}:RateLimit:PerIdentityPerMinute must be 0 (off) or more.");
        }

        ValidateTurn(options.Turn, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateTurn(TurnServerOptions turn, List<string> errors)
    {
        if (turn.Uris.Count == 0)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(turn.Secret))
        {
            errors.Add($"{Section}:Turn:Secret is required when {Section}:Turn:Uris is set.");
        }

        if (turn.TtlSeconds is < 1 or > MaxTtlSeconds)
        {
            errors.Add($"{Section}:Turn:TtlSeconds must be between 1 and {MaxTtlSeconds}.");
        }

        for (var i = 0; i < turn.Uris.Count; i++)
        {
            var uri = turn.Uris[i];
            if (!uri.StartsWith("turn:", StringComparison.Ordinal) && !uri.StartsWith("turns:", StringComparison.Ordinal) &&
                !uri.StartsWith("stun:", StringComparison.Ordinal))
            {
                errors.Add($"{Section}:Turn:Uris:{i} must be a turn:, turns: or stun: URI.");
            }
        }
    }
}
