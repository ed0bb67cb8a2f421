using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>Validates <see cref="SipProxyOptions"/> at start, naming the configuration key of each problem.</summary>
public sealed class SipProxyOptionsValidator : IValidateOptions<SipProxyOptions>
{
    private const string Section = SipProxyOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SipProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Upstream is not null && !SipOutboundTarget.TryParse(options.Upstream, out _, out var error))
        {
            failures.Add($"{Section}:Upstream {error}");
        }

        if (!Enum.IsDefined(options.Forking))
        {
            failures.Add($"{Section}:Forking must be Parallel or Sequential.");
        }

        if (options.MaxBranches is < 1 or > 100)
        {
            failures.Add($"{Section}:MaxBranches must be between 1 and 100.");
        }

        if (options.TimerC < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Section}:TimerC must be at least 1 second (RFC 3261 says more than 3 minutes).");
        }

        if (options.CancelGrace <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:CancelGrace must be greater than zero.");
        }

        if (options.MaxDialogs < 1)
        {
            failures.Add($"{Section}:MaxDialogs must be at least 1.");
        }

        if (options.DialogLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:DialogLifetime must be greater than zero.");
        }

        var relay = options.RegistrationRelay;
        if (relay is null)
        {
            failures.Add($"{Section}:RegistrationRelay must not be null.");
        }
        else
        {
            if (relay.Enabled && options.Upstream is null)
            {
                failures.Add($"{Section}:RegistrationRelay:Enabled needs {Section}:Upstream (the registrar to relay to).");
            }

            if (!Enum.IsDefined(relay.Authentication))
            {
                failures.Add($"{Section}:RegistrationRelay:Authentication must be None, StaticAccount or PassThrough.");
            }

            if (relay.Enabled && relay.Authentication == SipUpstreamAuthentication.StaticAccount && relay.Accounts.Count == 0)
            {
                failures.Add($"{Section}:RegistrationRelay:Accounts needs at least one account for StaticAccount.");
            }

            foreach (var (aor, account) in relay.Accounts)
            {
                if (string.IsNullOrWhiteSpace(account?.Username) || string.IsNullOrEmpty(account.Password))
                {
                    failures.Add($"{Section}:RegistrationRelay:Accounts:{aor} needs a Username and a Password.");
                }
            }

            if (relay.MaxRegistrations < 1)
            {
                failures.Add($"{Section}:RegistrationRelay:MaxRegistrations must be at least 1.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
