using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Auth;
using static Rethink.Ims.Tests.Sip.Auth.DigestTestKit;

namespace Rethink.Ims.Tests.Sip.Auth;

public class SipAuthMetricsTests
{
    [Fact]
    public void Challenges_successes_and_failures_by_kamailio_code_are_counted()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SipAuthMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + ":" + tags[0].Value;
            lock (seen)
            {
                seen[key] = seen.GetValueOrDefault(key) + value;
            }
        });
        listener.Start();
        var kit = new DigestTestKit(metrics: new SipAuthMetrics(factory));

        kit.Authenticator.Authenticate(Request());
        kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce(), password: "x")));
        kit.Authenticator.Authenticate(Request(authLines: Authorization(kit.NewNonce())));

        Assert.Equal(1, seen["rethink.ims.sip.auth.failures:-5"]);
        Assert.Equal(1, seen["rethink.ims.sip.auth.failures:-2"]);
        Assert.Equal(1, seen["rethink.ims.sip.auth.successes:ephemeral"]);
        Assert.Equal(4, seen["rethink.ims.sip.auth.challenges:false"]); // two answers plus the two NewNonce challenges
    }
}
