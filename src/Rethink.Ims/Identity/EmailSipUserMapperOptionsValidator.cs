using Microsoft.Extensions.Options;

namespace Rethink.Ims.Identity;

/// <summary>Checks <see cref="EmailSipUserMapperOptions"/> at start-up: an override domain must be a DNS host name.</summary>
public sealed class EmailSipUserMapperOptionsValidator : IValidateOptions<EmailSipUserMapperOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, EmailSipUserMapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SipDomain is null || SipUriRules.IsDomain(options.SipDomain)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{nameof(options.SipDomain)} '{options.SipDomain}' is not a DNS host name.");
    }
}
