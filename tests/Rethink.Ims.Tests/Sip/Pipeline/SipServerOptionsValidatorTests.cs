using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.Tests.Sip.Pipeline;

public class SipServerOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(SipServerOptions options) =>
        new SipServerOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    private static SipServerOptions Valid()
    {
        var options = new SipServerOptions();
        options.Listeners.Add("udp://127.0.0.1:5060");
        options.Listeners.Add("tcp://127.0.0.1:5060");
        return options;
    }

    [Fact]
    public void Udp_and_tcp_on_the_same_port_are_valid()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Fact]
    public void No_listener_names_the_Listeners_key()
    {
        Assert.Contains(Failures(new SipServerOptions()), f => f.StartsWith("Ims:Sip:Listeners:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_listener_names_its_index()
    {
        var options = Valid();
        options.Listeners.Add("http://127.0.0.1:80");
        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("Ims:Sip:Listeners:2: ", failure, StringComparison.Ordinal);
        Assert.Contains("unknown scheme", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_stream_listeners_on_one_port_are_refused()
    {
        var options = Valid();
        options.Listeners.Add("ws://127.0.0.1:5060");
        Assert.StartsWith("Ims:Sip:Listeners:2: ", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_listener_without_a_certificate_names_the_certificate_key()
    {
        var options = Valid();
        options.Listeners.Add("tls://127.0.0.1:5061");
        Assert.Contains("Ims:Sip:Tls:CertificatePath is required", Assert.Single(Failures(options)), StringComparison.Ordinal);

        options.Tls.UseDevelopmentCertificate = true;
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Missing_certificate_file_names_the_key_and_the_path()
    {
        var options = Valid();
        options.Tls.CertificatePath = "/nonexistent/server.pfx";
        Assert.Equal("Ims:Sip:Tls:CertificatePath: file '/nonexistent/server.pfx' does not exist.", Assert.Single(Failures(options)));
    }

    [Fact]
    public void Limits_out_of_range_name_their_keys()
    {
        var options = Valid();
        options.MaxMessageSize = 10;
        options.MaxConnectionsPerAddress = 0;
        options.IdleTimeout = TimeSpan.Zero;
        options.InboundQueueCapacity = 0;
        var failures = Failures(options);
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:MaxMessageSize ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:MaxConnectionsPerAddress ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:IdleTimeout ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ims:Sip:InboundQueueCapacity ", StringComparison.Ordinal));
        Assert.Equal(4, failures.Count);
    }

    [Fact]
    public void A_blank_domain_names_its_index()
    {
        var options = Valid();
        options.Domains.Add("example.com");
        options.Domains.Add(" ");
        Assert.StartsWith("Ims:Sip:Domains:1 ", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }
}
