using Org.BouncyCastle.Tls;

namespace Rethink.Ims.Media.Dtls;

/// <summary>The client's side of certificate authentication: fingerprint check of the server, our certificate on request.</summary>
internal sealed class DtlsSrtpClientAuthentication : TlsAuthentication
{
    private readonly TlsContext _context;
    private readonly DtlsSrtpNegotiation _negotiation;

    public DtlsSrtpClientAuthentication(TlsContext context, DtlsSrtpNegotiation negotiation)
    {
        _context = context;
        _negotiation = negotiation;
    }

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) => _negotiation.VerifyPeer(serverCertificate?.Certificate);

    public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) =>
        _negotiation.CreateSigner(_context, certificateRequest?.SupportedSignatureAlgorithms);
}
