using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Dtls;

public partial class DtlsCertificateTests
{
    [Fact]
    public void A_generated_certificate_is_self_signed_ecdsa_p256()
    {
        var certificate = DtlsCertificate.Generate("CN=bridge");
        using var x509 = X509CertificateLoader.LoadCertificate(certificate.RawData.Span);
        using var key = x509.GetECDsaPublicKey();

        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal("CN=bridge", x509.Subject);
        Assert.Equal(x509.Subject, x509.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", x509.SignatureAlgorithm.Value); // ecdsa-with-SHA256
    }

    [Fact]
    public void The_fingerprint_is_the_sha256_of_the_der_written_as_sdp_wants_it()
    {
        var certificate = DtlsCertificate.Generate();

        Assert.Equal("sha-256", certificate.Fingerprint.HashFunction);
        Assert.Equal(SHA256.HashData(certificate.RawData.Span), certificate.Fingerprint.Value.ToArray());
        Assert.Matches(FingerprintLine(), certificate.Fingerprint.FormatValue());
        Assert.True(DtlsFingerprint.TryParse(certificate.Fingerprint.FormatValue(), out var parsed));
        Assert.True(parsed.Matches(certificate.RawData.Span));
    }

    [Fact]
    public void Two_generated_certificates_differ()
    {
        Assert.NotEqual(DtlsCertificate.Generate().Fingerprint, DtlsCertificate.Generate().Fingerprint);
    }

    [Fact]
    public void Validity_starts_a_day_before_now_on_the_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero));

        var certificate = DtlsCertificate.Generate(validity: TimeSpan.FromDays(7), timeProvider: time);

        Assert.Equal(new DateTimeOffset(2030, 4, 30, 12, 0, 0, TimeSpan.Zero), certificate.NotBefore);
        Assert.Equal(new DateTimeOffset(2030, 5, 8, 12, 0, 0, TimeSpan.Zero), certificate.NotAfter);
    }

    [Fact]
    public void A_pem_certificate_and_key_load_and_keep_their_fingerprint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var x509 = new CertificateRequest("CN=configured", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var certificate = DtlsCertificate.FromPem(x509.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());

        Assert.Equal(x509.RawData, certificate.RawData.ToArray());
        Assert.Equal(SHA256.HashData(x509.RawData), certificate.Fingerprint.Value.ToArray());
    }

    [Fact]
    public void A_certificate_without_an_ecdsa_p256_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        using var rsaCertificate = new CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p384Certificate = new CertificateRequest("CN=p384", p384, HashAlgorithmName.SHA384)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        Assert.Throws<ArgumentException>(() => DtlsCertificate.FromX509Certificate2(rsaCertificate));
        Assert.Throws<ArgumentException>(() => DtlsCertificate.FromX509Certificate2(p384Certificate));
    }

    [Fact]
    public void ToString_shows_the_fingerprint_and_nothing_of_the_key()
    {
        var certificate = DtlsCertificate.Generate();

        Assert.Equal("DtlsCertificate " + certificate.Fingerprint.FormatValue(), certificate.ToString());
    }

    [GeneratedRegex("^sha-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}$")]
    private static partial Regex FingerprintLine();
}
