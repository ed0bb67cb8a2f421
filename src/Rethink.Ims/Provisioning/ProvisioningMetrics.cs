using System.Diagnostics.Metrics;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// Metrics of the credential service, on the meter <c>Rethink.Ims.Provisioning</c>:
/// <c>rethink.ims.credentials.issued</c> and <c>rethink.ims.credentials.rejected</c> (tag <c>reason</c>).
/// </summary>
public sealed class ProvisioningMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Provisioning";

    private readonly Counter<long> _issued;
    private readonly Counter<long> _rejected;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ProvisioningMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _issued = meter.CreateCounter<long>("rethink.ims.credentials.issued", description: "Credentials issued.");
        _rejected = meter.CreateCounter<long>("rethink.ims.credentials.rejected", description: "Credential requests refused, by reason.");
    }

    internal void Issued() => _issued.Add(1);

    internal void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
