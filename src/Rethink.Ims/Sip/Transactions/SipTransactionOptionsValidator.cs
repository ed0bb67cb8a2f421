using Microsoft.Extensions.Options;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>Checks <see cref="SipTransactionOptions"/> at start; every message names the configuration key (<c>Ims:Sip:Transactions:…</c>).</summary>
public sealed class SipTransactionOptionsValidator : IValidateOptions<SipTransactionOptions>
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Ims:Sip:Transactions";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SipTransactionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.T1 <= TimeSpan.Zero)
        {
            failures.Add($"{SectionName}:T1 must be greater than zero (RFC 3261 default 00:00:00.5).");
        }

        if (options.T2 < options.T1)
        {
            failures.Add($"{SectionName}:T2 must not be less than T1 (RFC 3261 default 00:00:04).");
        }

        if (options.T4 < TimeSpan.Zero)
        {
            failures.Add($"{SectionName}:T4 must not be negative (RFC 3261 default 00:00:05).");
        }

        if (options.TimerD < TimeSpan.Zero)
        {
            failures.Add($"{SectionName}:TimerD must not be negative (default 00:00:32).");
        }

        if (options.MaxTransactions < 1)
        {
            failures.Add($"{SectionName}:MaxTransactions must be at least 1.");
        }

        if (options.RetryAfterSeconds < 0)
        {
            failures.Add($"{SectionName}:RetryAfterSeconds must not be negative.");
        }

        if (options.ResponseQueueCapacity < 1)
        {
            failures.Add($"{SectionName}:ResponseQueueCapacity must be at least 1.");
        }

        if (!Enum.IsDefined(options.CookieOnlyBranch))
        {
            failures.Add($"{SectionName}:CookieOnlyBranch must be Reject or Rfc2543Matching.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
