using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Proxy;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Proxy;

public sealed class SipProxyOptionsTests
{
    [Theory]
    [InlineData("udp://127.0.0.1:5070", SipTransportKind.Udp, "127.0.0.1", 5070)]
    [InlineData("tcp://core.example.net", SipTransportKind.Tcp, "core.example.net", 5060)]
    [InlineData("tls://[2001:db8::1]:5061", SipTransportKind.Tls, "2001:db8::1", 5061)]
    [InlineData("sip:core.example.net;transport=tcp", SipTransportKind.Tcp, "core.example.net", 5060)]
    [InlineData("sips:core.example.net", SipTransportKind.Tls, "core.example.net", 5061)]
    [InlineData("sip:10.0.0.1:5080", SipTransportKind.Udp, "10.0.0.1", 5080)]
    public void Upstream_forms_parse_to_transport_host_and_port(string value, SipTransportKind transport, string host, int port)
    {
        Assert.True(SipOutboundTarget.TryParse(value, out var target, out var error), error);
        Assert.Equal(transport, target.Transport);
        Assert.Equal(host, target.Host);
        Assert.Equal(port, target.EffectivePort);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://core:21")]
    [InlineData("ws://127.0.0.1:8080")]
    [InlineData("udp://127.0.0.1:notaport")]
    [InlineData("udp://[::1")]
    [InlineData("sip:core;transport=carrier-pigeon")]
    public void Unusable_upstreams_are_refused_with_a_reason(string value)
    {
        Assert.False(SipOutboundTarget.TryParse(value, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void The_validator_names_the_key_of_each_problem()
    {
        var options = new SipProxyOptions { Upstream = "ftp://x", MaxBranches = 0, TimerC = TimeSpan.Zero };
        options.RegistrationRelay.Enabled = true;
        options.RegistrationRelay.Authentication = SipUpstreamAuthentication.StaticAccount;
        var result = new SipProxyOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:Proxy:Upstream 'ftp://x'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:Proxy:MaxBranches", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:Proxy:TimerC", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:Proxy:RegistrationRelay:Accounts", StringComparison.Ordinal));
    }

    [Fact]
    public void Relaying_registrations_needs_an_upstream()
    {
        var options = new SipProxyOptions();
        options.RegistrationRelay.Enabled = true;
        var result = new SipProxyOptionsValidator().Validate(null, options);
        Assert.Contains(result.Failures!, f => f.Contains("RegistrationRelay:Enabled needs Ims:Sip:Proxy:Upstream", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new SipProxyOptionsValidator().Validate(null, new SipProxyOptions { Upstream = "udp://127.0.0.1:5070" }).Succeeded);
    }

    [Fact]
    public void A_URI_target_takes_the_transport_parameter_and_sips_means_TLS()
    {
        Assert.True(SipUri.TryParse("sips:bob@example.com;transport=tcp", out var uri));
        Assert.True(SipOutboundTarget.TryFromUri(uri, out var target));
        Assert.Equal(SipTransportKind.Tls, target.Transport);
        Assert.Equal(5061, target.EffectivePort);
    }
}
