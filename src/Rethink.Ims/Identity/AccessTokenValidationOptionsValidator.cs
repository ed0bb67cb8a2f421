using Microsoft.Extensions.Options;

namespace Rethink.Ims.Identity;

/// <summary>Checks <see cref="AccessTokenValidationOptions"/> at start-up.</summary>
public sealed class AccessTokenValidationOptionsValidator : IValidateOptions<AccessTokenValidationOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AccessTokenValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        EndpointRules.CheckUrl(options.TokenInfoUrl, nameof(options.TokenInfoUrl), failures);
        EndpointRules.CheckUrl(options.UserInfoUrl, nameof(options.UserInfoUrl), failures);
        EndpointRules.CheckEntries(options.Audiences, nameof(options.Audiences), failures);
        if (options.HostedDomain is not null && string.IsNullOrWhiteSpace(options.HostedDomain))
        {
            failures.Add($"{nameof(options.HostedDomain)} is blank; leave it unset to accept any domain.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{nameof(options.Issuer)} is required.");
        }

        if (options.MaxTokenLength < 1 || options.MaxTokenLength > IdTokenValidationOptionsValidator.MaxConfigurableTokenLength)
        {
            failures.Add($"{nameof(options.MaxTokenLength)} must be between 1 and {IdTokenValidationOptionsValidator.MaxConfigurableTokenLength}.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{nameof(options.RequestTimeout)} must be more than 0 and at most 2 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
