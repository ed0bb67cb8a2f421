using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// The certificate and private key this endpoint presents in DTLS. WebRTC certificates are self-signed:
/// the peer trusts them only through the <c>a=fingerprint</c> the signalling carried (RFC 8122, RFC 5763).
/// Only ECDSA P-256 keys are accepted, the kind Chrome uses and the one every WebRTC stack handles.
/// </summary>
/// <remarks>The private key never leaves this object; <see cref="ToString"/> shows the fingerprint only.</remarks>
public sealed class DtlsCertificate
{
    /// <summary>The default lifetime of a generated certificate.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, ECPrivateKeyParameters privateKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _der = der;
        PrivateKey = privateKey;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Fingerprint = DtlsFingerprint.Compute("sha-256", der);
    }

    /// <summary>The DER encoding of the certificate.</summary>
    public ReadOnlyMemory<byte> RawData => _der;

    /// <summary>The SHA-256 fingerprint to put in <c>a=fingerprint</c>, for example <c>sha-256 AB:CD:...</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>Start of validity.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset NotAfter { get; }

    internal ECPrivateKeyParameters PrivateKey { get; }

    /// <summary>
    /// Generates a self-signed ECDSA P-256 certificate valid from one day before now (so a peer with a
    /// slow clock does not see it as not yet valid) for <paramref name="validity"/> (default 30 days).
    /// </summary>
    /// <param name="subjectName">The subject, for example <c>CN=rethink-ims</c>; WebRTC peers ignore it.</param>
    /// <param name="validity">How long it stays valid from now.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public static DtlsCertificate Generate(string subjectName = "CN=rethink-ims", TimeSpan? validity = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectName);
        var lifetime = validity ?? DefaultValidity;
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), validity, "The validity must be positive.");
        }

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subjectName, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now + lifetime);
        return FromX509Certificate2(certificate);
    }

    /// <summary>
    /// Takes an existing certificate with its ECDSA P-256 private key, for example one loaded from
    /// configuration so that the fingerprint stays the same across restarts.
    /// </summary>
    /// <exception cref="ArgumentException">The certificate has no ECDSA P-256 private key, or it cannot be exported.</exception>
    public static DtlsCertificate FromX509Certificate2(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The certificate has no ECDSA private key.", nameof(certificate));
        if (key.KeySize != 256)
        {
            throw new ArgumentException("The certificate's key is not on the P-256 curve.", nameof(certificate));
        }

        byte[] pkcs8;
        try
        {
            pkcs8 = key.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("The certificate's private key cannot be exported.", nameof(certificate), e);
        }

        try
        {
            var privateKey = PrivateKeyFactory.CreateKey(pkcs8) as ECPrivateKeyParameters
                ?? throw new ArgumentException("The certificate's private key is not an EC key.", nameof(certificate));
            return new DtlsCertificate(certificate.RawData, privateKey, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Loads a PEM certificate and its PEM (PKCS#8 or SEC1) ECDSA P-256 private key.</summary>
    public static DtlsCertificate FromPem(string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        using var certificate = X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);
        return FromX509Certificate2(certificate);
    }

    /// <summary>The fingerprint with another hash function (<c>sha-1</c>, <c>sha-256</c>, <c>sha-384</c>, <c>sha-512</c>).</summary>
    public DtlsFingerprint GetFingerprint(string hashFunction) => DtlsFingerprint.Compute(hashFunction, _der);

    /// <summary>The SHA-256 fingerprint line, for logs.</summary>
    public override string ToString() => "DtlsCertificate " + Fingerprint.FormatValue();
}
