using System.Net;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Media.Bridge;

/// <summary>Checks <see cref="MediaBridgeOptions"/> at start; every failure names its key under <c>Ims:MediaBridge</c>.</summary>
public sealed class MediaBridgeOptionsValidator : IValidateOptions<MediaBridgeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MediaBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string p = MediaBridgeOptions.SectionName + ":";
        if (!IPAddress.TryParse(options.BindAddress, out var bind))
        {
            failures.Add($"{p}{nameof(options.BindAddress)} must be an IP address; '{options.BindAddress}' is not.");
        }

        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            if (!IPAddress.TryParse(options.AdvertisedAddress, out var advertised))
            {
                failures.Add($"{p}{nameof(options.AdvertisedAddress)} must be an IP address; '{options.AdvertisedAddress}' is not.");
            }
            else if (advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
            {
                failures.Add($"{p}{nameof(options.AdvertisedAddress)} cannot be a wildcard address: peers must be able to send to it.");
            }
        }
        else if (bind is not null && (bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any)))
        {
            failures.Add($"{p}{nameof(options.AdvertisedAddress)} is required when {p}{nameof(options.BindAddress)} is a wildcard address.");
        }

        if (options.PortMin is < 1024 or > 65534)
        {
            failures.Add($"{p}{nameof(options.PortMin)} must be between 1024 and 65534; it is {options.PortMin}.");
        }

        if (options.PortMax is < 1025 or > 65535 || options.PortMax < options.PortMin + 3)
        {
            failures.Add($"{p}{nameof(options.PortMax)} must be at most 65535 and leave at least four ports above {p}{nameof(options.PortMin)}; it is {options.PortMax}.");
        }

        if (options.MaxCalls < 1)
        {
            failures.Add($"{p}{nameof(options.MaxCalls)} must be at least 1; it is {options.MaxCalls}.");
        }

        if (options.MediaTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{p}{nameof(options.MediaTimeout)} must be at least 1 second; it is {options.MediaTimeout}.");
        }

        if (options.AnswerTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{p}{nameof(options.AnswerTimeout)} must be at least 1 second; it is {options.AnswerTimeout}.");
        }

        if (options.RtcpInterval < TimeSpan.FromMilliseconds(100) || options.RtcpInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{p}{nameof(options.RtcpInterval)} must be between 100 ms and 1 minute; it is {options.RtcpInterval}.");
        }

        if (options.OpusComplexity is < 0 or > 10)
        {
            failures.Add($"{p}{nameof(options.OpusComplexity)} must be between 0 and 10; it is {options.OpusComplexity}.");
        }

        if (options.Ice is null)
        {
            failures.Add($"{p}{nameof(options.Ice)} is required.");
        }
        else
        {
            try
            {
                options.Ice.Validate();
            }
            catch (ArgumentException e)
            {
                failures.Add($"{p}{nameof(options.Ice)}: {e.Message}");
            }
        }

        if (options.Dtls is null)
        {
            failures.Add($"{p}{nameof(options.Dtls)} is required.");
        }
        else
        {
            var dtls = new DtlsOptionsValidator().Validate(name, options.Dtls);
            if (dtls.Failed)
            {
                failures.AddRange(dtls.Failures.Select(f => $"{p}{nameof(options.Dtls)}: {f}"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
