using Microsoft.Extensions.Options;

namespace Rethink.Ims.Identity;

/// <summary>
/// Checks <see cref="IdTokenValidationOptions"/> at start-up: a validator that would accept tokens of any
/// application (no audience) or fetch keys over plain HTTP from another machine is a configuration error.
/// </summary>
public sealed class IdTokenValidationOptionsValidator : IValidateOptions<IdTokenValidationOptions>
{
    /// <summary>The longest token length that may be configured (64 KiB).</summary>
    public const int MaxConfigurableTokenLength = 64 * 1024;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, IdTokenValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        EndpointRules.CheckUrl(options.CertificatesUrl, nameof(options.CertificatesUrl), failures);
        if (options.Audiences.Count == 0)
        {
            failures.Add($"{nameof(options.Audiences)} is empty: list your OAuth client id(s), or every Google application's tokens would be accepted.");
        }

        EndpointRules.CheckEntries(options.Audiences, nameof(options.Audiences), failures);
        EndpointRules.CheckEntries(options.TrustedIssuers, nameof(options.TrustedIssuers), failures);
        if (options.HostedDomain is not null && string.IsNullOrWhiteSpace(options.HostedDomain))
        {
            failures.Add($"{nameof(options.HostedDomain)} is blank; leave it unset to accept any domain.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{nameof(options.ClockSkew)} must be between 0 and 5 minutes.");
        }

        if (options.MaxTokenLength < 1 || options.MaxTokenLength > MaxConfigurableTokenLength)
        {
            failures.Add($"{nameof(options.MaxTokenLength)} must be between 1 and {MaxConfigurableTokenLength}.");
        }

        if (options.KeyFetchTimeout <= TimeSpan.Zero || options.KeyFetchTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{nameof(options.KeyFetchTimeout)} must be more than 0 and at most 2 minutes.");
        }

        if (options.KeyFetchFailureBackoff < TimeSpan.Zero || options.KeyFetchFailureBackoff > TimeSpan.FromHours(1))
        {
            failures.Add($"{nameof(options.KeyFetchFailureBackoff)} must be between 0 and 1 hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
