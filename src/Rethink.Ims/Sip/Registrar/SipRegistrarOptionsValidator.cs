using Microsoft.Extensions.Options;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>Checks <see cref="SipRegistrarOptions"/> at start-up; failures name the configuration key under <c>Ims:Sip:Registrar</c>.</summary>
public sealed class SipRegistrarOptionsValidator : IValidateOptions<SipRegistrarOptions>
{
    private const string Prefix = SipRegistrarOptions.SectionName + ":";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SipRegistrarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.LocalDomains.Count == 0)
        {
            failures.Add($"{Prefix}{nameof(options.LocalDomains)}:0 is required (the domains this registrar serves).");
        }

        for (var i = 0; i < options.LocalDomains.Count; i++)
        {
            var domain = options.LocalDomains[i];
            if (string.IsNullOrWhiteSpace(domain) || domain.AsSpan().IndexOfAny(" \t;:@<>/?".AsSpan()) >= 0)
            {
                failures.Add($"{Prefix}{nameof(options.LocalDomains)}:{i} '{domain}' is not a host name.");
            }
        }

        if (options.MinExpires < 1)
        {
            failures.Add($"{Prefix}{nameof(options.MinExpires)} must be at least 1 (0 always unregisters).");
        }

        if (options.MaxExpires < options.MinExpires)
        {
            failures.Add($"{Prefix}{nameof(options.MaxExpires)} must be at least {Prefix}{nameof(options.MinExpires)}.");
        }

        if (options.DefaultExpires < options.MinExpires || options.DefaultExpires > options.MaxExpires)
        {
            failures.Add($"{Prefix}{nameof(options.DefaultExpires)} must lie between {nameof(options.MinExpires)} and {nameof(options.MaxExpires)}.");
        }

        if (options.MaxContactsPerAor < 1)
        {
            failures.Add($"{Prefix}{nameof(options.MaxContactsPerAor)} must be at least 1.");
        }

        if (options.MaxBindings < options.MaxContactsPerAor)
        {
            failures.Add($"{Prefix}{nameof(options.MaxBindings)} must be at least {nameof(options.MaxContactsPerAor)}.");
        }

        if (options.TemporaryGruuKey is { } key && TemporaryGruuKeyBytes(key) is null)
        {
            failures.Add(TemporaryGruuKeyRule);
        }

        if (options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(options.SweepInterval)} must be positive.");
        }

        if (!Enum.IsDefined(options.EphemeralAorRule))
        {
            failures.Add($"{Prefix}{nameof(options.EphemeralAorRule)} must be AuthenticatedUser or ToUri.");
        }

        if (!Enum.IsDefined(options.DeadFlowPolicy))
        {
            failures.Add($"{Prefix}{nameof(options.DeadFlowPolicy)} must be Remove or MarkUnreachable.");
        }

        if (options.RetryAfterSeconds < 0)
        {
            failures.Add($"{Prefix}{nameof(options.RetryAfterSeconds)} must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What a bad temporary-GRUU key is told, naming the key.</summary>
    internal const string TemporaryGruuKeyRule = Prefix + nameof(SipRegistrarOptions.TemporaryGruuKey) + " must be base64 of 16, 24 or 32 bytes.";

    /// <summary>The bytes of a configured temporary-GRUU key, or null when it is not base64 of 16, 24 or 32 bytes.</summary>
    internal static byte[]? TemporaryGruuKeyBytes(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length is 16 or 24 or 32 ? bytes[..length] : null;
    }
}
