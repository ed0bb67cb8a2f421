using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// BouncyCastle's DTLS 1.2 client with DTLS-SRTP: offers our use_srtp profiles in preference order, checks
/// the server certificate against the SDP fingerprints and answers the certificate request with ours.
/// </summary>
internal sealed class DtlsSrtpTlsClient : DefaultTlsClient
{
    private readonly DtlsSrtpNegotiation _negotiation;

    public DtlsSrtpTlsClient(TlsCrypto crypto, DtlsSrtpNegotiation negotiation)
        : base(crypto)
    {
        _negotiation = negotiation;
    }

    // RFC 6347 §4.1.2.7: invalid records are discarded silently rather than ending the association.
    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => _negotiation.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _negotiation.RetransmitMillis;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_negotiation.ProfileIds(), []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        _negotiation.AcceptServerProfile(serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions));
    }

    public override TlsAuthentication GetAuthentication() => new DtlsSrtpClientAuthentication(m_context, _negotiation);

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

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsCipherSuites.Client);
}
