using System.Collections.Immutable;
using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// What the BouncyCastle client or server of one session decides and learns: the use_srtp choice, the
/// fingerprint check, the alerts, the exported keys. Written on the handshake thread, read by the session
/// once the handshake has returned.
/// </summary>
internal sealed class DtlsSrtpNegotiation
{
    /// <summary>The RFC 5764 §4.2 exporter label.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    public DtlsSrtpNegotiation(
        DtlsRole role,
        DtlsCertificate certificate,
        ImmutableArray<DtlsFingerprint> remoteFingerprints,
        IReadOnlyList<DtlsSrtpProtectionProfile> profiles,
        int handshakeTimeoutMillis,
        int retransmitMillis)
    {
        Role = role;
        Certificate = certificate;
        RemoteFingerprints = remoteFingerprints;
        Profiles = profiles;
        HandshakeTimeoutMillis = handshakeTimeoutMillis;
        RetransmitMillis = retransmitMillis;
    }

    public DtlsRole Role { get; }

    public DtlsCertificate Certificate { get; }

    public ImmutableArray<DtlsFingerprint> RemoteFingerprints { get; }

    public IReadOnlyList<DtlsSrtpProtectionProfile> Profiles { get; }

    public int HandshakeTimeoutMillis { get; }

    public int RetransmitMillis { get; }

    /// <summary>Set when this side found the fingerprint or the profile wrong, before the alert goes out.</summary>
    public DtlsHandshakeStatus? Failure { get; private set; }

    public string? FailureDetail { get; private set; }

    public DtlsSrtpProtectionProfile? SelectedProfile { get; private set; }

    /// <summary>True once a server has seen a ClientHello without a profile it accepts (RFC 5764 §4.1.1: it answers without use_srtp).</summary>
    public bool NoProfileInClientHello { get; private set; }

    public DtlsFingerprint? PeerFingerprint { get; private set; }

    public DtlsSrtpKeyingMaterial? KeyingMaterial { get; private set; }

    public int? FatalAlert { get; private set; }

    public bool FatalAlertReceived { get; private set; }

    public bool CloseNotifyReceived { get; private set; }

    public int[] ProfileIds() => [.. Profiles.Select(p => (int)p)];

    /// <summary>Server: the first of our profiles the client offered, or null (and remembered) when none.</summary>
    public DtlsSrtpProtectionProfile? SelectProfile(int[]? offered)
    {
        if (offered is not null)
        {
            foreach (var profile in Profiles)
            {
                if (Array.IndexOf(offered, (int)profile) >= 0)
                {
                    SelectedProfile = profile;
                    return profile;
                }
            }
        }

        NoProfileInClientHello = true;
        Fail(DtlsHandshakeStatus.NoCommonProfile, offered is null
            ? "the ClientHello has no use_srtp extension"
            : "the ClientHello offers no SRTP protection profile this side accepts");
        return null;
    }

    /// <summary>Client: takes the server's choice; throws a fatal alert when it is missing or not one we offered.</summary>
    public void AcceptServerProfile(UseSrtpData? data)
    {
        if (data is null)
        {
            Fail(DtlsHandshakeStatus.NoCommonProfile, "the ServerHello has no use_srtp extension");
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP protection profile negotiated");
        }

        var chosen = data.ProtectionProfiles;
        if (chosen is not { Length: 1 } || !Profiles.Contains((DtlsSrtpProtectionProfile)chosen[0]))
        {
            Fail(DtlsHandshakeStatus.NoCommonProfile, "the ServerHello selects an SRTP protection profile this side did not offer");
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "bad use_srtp selection");
        }

        SelectedProfile = (DtlsSrtpProtectionProfile)chosen[0];
    }

    /// <summary>Checks the peer's end-entity certificate against the SDP fingerprints (constant time per fingerprint).</summary>
    public void VerifyPeer(Certificate? certificate)
    {
        if (certificate is null || certificate.IsEmpty)
        {
            Fail(DtlsHandshakeStatus.FingerprintMismatch, "the peer presented no certificate");
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "no peer certificate");
        }

        var der = certificate.GetCertificateAt(0).GetEncoded();
        foreach (var fingerprint in RemoteFingerprints)
        {
            if (fingerprint.Matches(der))
            {
                PeerFingerprint = DtlsFingerprint.Compute(fingerprint.HashFunction, der);
                return;
            }
        }

        Fail(DtlsHandshakeStatus.FingerprintMismatch, "the peer's certificate matches none of the fingerprints in its SDP");
        throw new TlsFatalAlert(AlertDescription.bad_certificate, "fingerprint mismatch");
    }

    /// <summary>Our certificate and key, signing with ECDSA/SHA-256 when the peer allows it, else another ECDSA hash it lists.</summary>
    public TlsCredentialedSigner? CreateSigner(TlsContext context, IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        var algorithm = peerAlgorithms is null
            ? EcdsaSha256
            : peerAlgorithms.FirstOrDefault(a => a.Equals(EcdsaSha256)) ?? peerAlgorithms.FirstOrDefault(a => a.Signature == SignatureAlgorithm.ecdsa);
        if (algorithm is null)
        {
            return null;
        }

        var crypto = (BcTlsCrypto)context.Crypto;
        var chain = new Certificate([crypto.CreateCertificate(Certificate.RawData.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, Certificate.PrivateKey, chain, algorithm);
    }

    /// <summary>Exports the SRTP keying material; called from NotifyHandshakeComplete, while the master secret is still there.</summary>
    public void Complete(TlsContext context)
    {
        if (SelectedProfile is not { } profile)
        {
            Fail(DtlsHandshakeStatus.NoCommonProfile, "the handshake finished without an SRTP protection profile");
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP protection profile negotiated");
        }

        if (PeerFingerprint is null)
        {
            Fail(DtlsHandshakeStatus.FingerprintMismatch, "the peer's certificate was never checked");
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "no peer certificate");
        }

        var material = context.ExportKeyingMaterial(ExporterLabel, null, profile.KeyingMaterialLength());
        try
        {
            KeyingMaterial = new DtlsSrtpKeyingMaterial(profile, Role, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    public void OnAlertRaised(short level, short description)
    {
        if (level == AlertLevel.fatal && FatalAlert is null)
        {
            FatalAlert = description;
            FatalAlertReceived = false;
        }
    }

    public void OnAlertReceived(short level, short description)
    {
        if (description == AlertDescription.close_notify)
        {
            CloseNotifyReceived = true;
        }
        else if (level == AlertLevel.fatal && FatalAlert is null)
        {
            FatalAlert = description;
            FatalAlertReceived = true;
        }
    }

    private void Fail(DtlsHandshakeStatus status, string detail)
    {
        Failure ??= status;
        FailureDetail ??= detail;
    }
}
