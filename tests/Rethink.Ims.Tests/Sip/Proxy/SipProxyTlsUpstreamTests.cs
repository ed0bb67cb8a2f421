using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rethink.Ims.Sip.Messages;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>
/// A TLS upstream (a TLS listener of the test with a self-signed certificate for 127.0.0.1): relayed over TLS when
/// <c>Ims:Sip:Tls:AllowUntrustedServerCertificates</c> is on, refused with 503 at once when the certificate is validated
/// (the default), since nothing trusts it.
/// </summary>
public sealed class SipProxyTlsUpstreamTests
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=upstream.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static string Message(Peer caller, string callId) =>
        $"MESSAGE sip:dave@elsewhere.test SIP/2.0\nVia: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport\n" +
        $"From: <sip:carol@remote.test>;tag=caller\nTo: <sip:dave@elsewhere.test>\nCall-ID: {callId}\nCSeq: 1 MESSAGE\n" +
        "Max-Forwards: 70\nContent-Length: 0\n\n";

    [Fact]
    public async Task A_request_reaches_a_TLS_upstream_with_an_untrusted_certificate_when_allowed_and_its_answer_comes_back()
    {
        using var certificate = SelfSigned();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var proxy = await ProxyHarness.StartAsync(
            upstream: _ => $"tls://127.0.0.1:{port}", configureServer: o => o.Tls.AllowUntrustedServerCertificates = true);
        using var caller = new Peer();
        await caller.SendAsync(Message(caller, "tls-1"), proxy.Listener);

        using var accept = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var connection = await listener.AcceptTcpClientAsync(accept.Token);
        await using var tls = new SslStream(connection.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, accept.Token);
        var request = await UpstreamStreamReader.ReadRequestAsync(tls);
        Assert.Equal("TLS", request.TopVia.Transport.ToString());
        Assert.Equal("sip:dave@elsewhere.test", request.RequestUri.ToString());
        await tls.WriteAsync(SipMessageWriter.ToArray(SipResponse.CreateFor(request, 202)), accept.Token);
        await caller.ReceiveResponseAsync(202);
    }

    [Fact]
    public async Task An_untrusted_TLS_upstream_certificate_is_refused_by_default_and_the_caller_gets_503()
    {
        using var certificate = SelfSigned();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"tls://127.0.0.1:{port}");
        using var caller = new Peer();
        await caller.SendAsync(Message(caller, "tls-2"), proxy.Listener);

        using var accept = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var connection = await listener.AcceptTcpClientAsync(accept.Token);
        await using var tls = new SslStream(connection.GetStream());
        try
        {
            // With TLS 1.3 the server's side may complete before the client refuses the certificate: only the outcome counts.
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, accept.Token);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
        }

        var refused = await caller.ReceiveResponseAsync(503);
        Assert.Contains("connection failed", refused.ReasonPhrase, StringComparison.Ordinal);
    }
}
