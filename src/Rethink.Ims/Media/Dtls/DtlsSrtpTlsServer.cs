using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// BouncyCastle's DTLS 1.2 server with DTLS-SRTP: ECDSA certificate, a client certificate required and
/// checked against the SDP fingerprints, use_srtp chosen by our preference order.
/// </summary>
internal sealed class DtlsSrtpTlsServer : DefaultTlsServer
{
    private readonly DtlsSrtpNegotiation _negotiation;

    public DtlsSrtpTlsServer(TlsCrypto crypto, DtlsSrtpNegotiation negotiation)
        : base(crypto)
    {
        _negotiation = negotiation;
    }

    // RFC 6347 §4.1.2.7: invalid records are discarded silently rather than ending the association.
    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => _negotiation.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _negotiation.RetransmitMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);

        // No profile in common: answer without use_srtp (RFC 5764 §4.1.1) and let the client abort;
        // Complete refuses to finish should it carry on anyway.
        _negotiation.SelectProfile(offered?.ProtectionProfiles);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        if (_negotiation.SelectedProfile is { } profile)
        {
            // An empty MKI: this side does not use MKIs.
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)profile], []));
        }

        return extensions;
    }

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => _negotiation.VerifyPeer(clientCertificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _negotiation.Complete(m_context);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        _negotiation.OnAlertRaised(alertLevel, alertDescription);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _negotiation.OnAlertReceived(alertLevel, alertDescription);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsCipherSuites.Server);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        _negotiation.CreateSigner(m_context, m_context.SecurityParameters.ClientSigAlgs)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client accepts no ECDSA signature");
}
