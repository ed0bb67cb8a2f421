using Microsoft.Extensions.Options;

namespace Rethink.Ims.Media.Dtls;

/// <summary>Checks <see cref="DtlsOptions"/> at start-up (<c>ValidateOnStart</c>), so bad configuration fails early.</summary>
public sealed class DtlsOptionsValidator : IValidateOptions<DtlsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DtlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first problem, for callers that build options in code.</summary>
    internal static void ThrowIfInvalid(DtlsOptions options, string parameterName)
    {
        var failures = Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(failures[0], parameterName);
        }
    }

    private static List<string> Check(DtlsOptions options)
    {
        var failures = new List<string>();
        if (options.HandshakeTimeout <= TimeSpan.Zero || options.HandshakeTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add("Dtls:HandshakeTimeout must be positive and below 24 days.");
        }

        if (options.RetransmitTimeout < TimeSpan.FromMilliseconds(10) || options.RetransmitTimeout > TimeSpan.FromSeconds(60))
        {
            failures.Add("Dtls:RetransmitTimeout must be between 10 ms and 60 s.");
        }

        if (options.Mtu is < DtlsPacketTransport.MinimumMtu or > DtlsPacketTransport.MaximumMtu)
        {
            failures.Add($"Dtls:Mtu must be between {DtlsPacketTransport.MinimumMtu} and {DtlsPacketTransport.MaximumMtu}.");
        }

        if (options.ReceiveQueueCapacity is < 1 or > 4096)
        {
            failures.Add("Dtls:ReceiveQueueCapacity must be between 1 and 4096.");
        }

        if (options.SrtpProfiles is null || options.SrtpProfiles.Count == 0)
        {
            failures.Add("Dtls:SrtpProfiles must name at least one profile.");
        }
        else if (options.SrtpProfiles.Any(p => !p.IsDefined()))
        {
            failures.Add("Dtls:SrtpProfiles holds an unknown profile.");
        }
        else if (options.SrtpProfiles.Distinct().Count() != options.SrtpProfiles.Count)
        {
            failures.Add("Dtls:SrtpProfiles names a profile twice.");
        }

        return failures;
    }
}
