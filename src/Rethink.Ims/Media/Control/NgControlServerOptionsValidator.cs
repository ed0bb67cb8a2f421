using System.Net;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Media.Control;

/// <summary>Checks <see cref="NgControlServerOptions"/> at start-up; every message names the setting.</summary>
public sealed class NgControlServerOptionsValidator : IValidateOptions<NgControlServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NgControlServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"{nameof(options.Address)} must be an IP address.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{nameof(options.Port)} must be 0 to 65535.");
        }

        if (options.MaxDatagramSize is < 64 or > NgMessage.MaxUdpPayload)
        {
            failures.Add($"{nameof(options.MaxDatagramSize)} must be 64 to {NgMessage.MaxUdpPayload}.");
        }

        if (options.MaxConcurrentCommands < 1)
        {
            failures.Add($"{nameof(options.MaxConcurrentCommands)} must be at least 1.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.CommandTimeout)} must be positive.");
        }

        if (options.ReplyCacheTtl <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.ReplyCacheTtl)} must be positive.");
        }

        if (options.ReplyCacheMaxEntries < 1)
        {
            failures.Add($"{nameof(options.ReplyCacheMaxEntries)} must be at least 1.");
        }

        if (options.ReplyCacheMaxBytes < 1)
        {
            failures.Add($"{nameof(options.ReplyCacheMaxBytes)} must be at least 1.");
        }

        if (options.Bencode is null)
        {
            failures.Add($"{nameof(options.Bencode)} must be set.");
        }
        else
        {
            try
            {
                options.Bencode.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                failures.Add($"{nameof(options.Bencode)}:{e.ParamName} must be positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
