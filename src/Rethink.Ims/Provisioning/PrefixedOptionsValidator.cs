using Microsoft.Extensions.Options;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// Runs an options validator and prefixes each failure with the configuration section it was bound from, so the
/// message names the full key (e.g. <c>Ims:EphemeralAuth:IdToken:Audiences</c>). Skips validation when
/// <paramref name="applies"/> says these options are not in use.
/// </summary>
internal sealed class PrefixedOptionsValidator<TOptions>(
    IValidateOptions<TOptions> inner,
    string section,
    Func<bool> applies) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!applies())
        {
            return ValidateOptionsResult.Skip;
        }

        var result = inner.Validate(name, options);
        return result.Failed
            ? ValidateOptionsResult.Fail(result.Failures!.Select(failure => $"{section}:{failure}"))
            : result;
    }
}
