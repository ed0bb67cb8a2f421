using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Registrar;
using static Rethink.Ims.Tests.Sip.Registrar.RegistrarKit;

namespace Rethink.Ims.Tests.Sip.Registrar;

public class RegistrarMetricsAndOptionsTests
{
    [Fact]
    public async Task Bindings_aors_registrations_and_refusals_are_measured()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var seen = new MeterTotals(factory, SipRegistrarMetrics.MeterName);
        using var kit = new RegistrarKit(metrics: new SipRegistrarMetrics(factory));

        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>", "<sip:b@192.0.2.1>"], callId: "a"));
        await kit.SendAsync(Register(to: "<sip:bob@example.com>", contacts: ["<sip:a@192.0.2.1>"], callId: "b"));
        await kit.SendAsync(Register(contacts: ["<sip:a@192.0.2.1>;expires=5"], callId: "c"));
        await kit.QueryAsync();
        await kit.SendAsync(Register(to: "<sip:bob@example.com>", contacts: ["*"], expires: "0", callId: "d"));

        Assert.Equal(2, seen["rethink.ims.sip.registrar.bindings"]);
        Assert.Equal(1, seen["rethink.ims.sip.registrar.aors"]);
        Assert.Equal(2, seen["rethink.ims.sip.registrar.registrations:update"]);
        Assert.Equal(1, seen["rethink.ims.sip.registrar.registrations:query"]);
        Assert.Equal(1, seen["rethink.ims.sip.registrar.registrations:remove-all"]);
        Assert.Equal(1, seen["rethink.ims.sip.registrar.refusals:IntervalTooBrief"]);
    }

    [Fact]
    public void Defaults_are_valid_once_a_domain_is_set()
    {
        var options = new SipRegistrarOptions();
        options.LocalDomains.Add("example.com");

        Assert.True(new SipRegistrarOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((60, 3600, 3600, 10), (options.MinExpires, options.MaxExpires, options.DefaultExpires, options.MaxContactsPerAor));
    }

    [Fact]
    public void Validator_names_the_configuration_keys_it_rejects()
    {
        var options = new SipRegistrarOptions { MinExpires = 0, MaxExpires = -1, MaxContactsPerAor = 0, SweepInterval = TimeSpan.Zero };

        var result = new SipRegistrarOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "LocalDomains:0", "MinExpires", "MaxExpires", "DefaultExpires", "MaxContactsPerAor", "SweepInterval" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith("Ims:Sip:Registrar:" + key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validator_rejects_a_domain_that_is_not_a_host_name()
    {
        var options = new SipRegistrarOptions();
        options.LocalDomains.Add("sip:example.com");

        var result = new SipRegistrarOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Ims:Sip:Registrar:LocalDomains:0 ", StringComparison.Ordinal));
    }
}
