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
        using var seen = new MeterTotals(factory, SipAuthMetrics.MeterName);
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
