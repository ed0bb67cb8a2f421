using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Provisioning;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>The credential service's metrics count issued credentials and refusals by reason.</summary>
public sealed class ProvisioningMetricsTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>
{
    [Fact]
    public async Task Issued_and_rejected_counters_follow_the_requests()
    {
        await using var host = await CredentialServerHost.StartAsync(tokens.TrustingConfiguration());
        // Other test hosts run in parallel in this process: listen to this host's meter only (its factory is the scope).
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var issued = 0L;
        var rejected = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ProvisioningMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (rejected)
            {
                if (instrument.Name == "rethink.ims.credentials.issued")
                {
                    issued += value;
                }
                else if (instrument.Name == "rethink.ims.credentials.rejected")
                {
                    var reason = (string)tags.ToArray().Single(t => t.Key == "reason").Value!;
                    rejected[reason] = rejected.GetValueOrDefault(reason) + value;
                }
            }
        });
        listener.Start();

        (await host.GetCredentialAsync("Bearer " + tokens.Token())).Dispose();
        (await host.GetCredentialAsync("Bearer " + tokens.Token())).Dispose();
        (await host.GetCredentialAsync(authorization: null)).Dispose();
        (await host.GetCredentialAsync("Bearer garbage")).Dispose();

        lock (rejected)
        {
            Assert.Equal(2, issued);
            Assert.Equal(1, rejected["missing-token"]);
            Assert.Equal(1, rejected["malformed-token"]);
        }
    }
}
