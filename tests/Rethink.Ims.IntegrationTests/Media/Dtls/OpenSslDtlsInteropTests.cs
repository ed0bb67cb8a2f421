using System.Diagnostics;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.IntegrationTests.Media.Dtls;

/// <summary>
/// Our DTLS-SRTP client and server against OpenSSL 3's s_server and s_client over UDP on 127.0.0.1: both sides
/// must export the same RFC 5764 keying material, agree on the profile and check each other's certificate.
/// </summary>
public sealed class OpenSslDtlsInteropTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    // An SNI name long enough that OpenSSL's ClientHello cannot fit one 256-octet datagram.
    private static readonly string LongServerName = string.Join('.', Enumerable.Repeat("fragment-the-client-hello", 8)) + ".example";

    private static readonly DtlsCertificate Ours = DtlsCertificate.Generate("CN=rethink-ims-test");

    [Fact]
    public async Task Our_client_and_openssl_s_server_export_the_same_keying_material()
    {
        var identity = await OpenSslIdentity.CreateAsync();
        await using var openssl = await OpenSslDtls.StartServerAsync(identity, "SRTP_AES128_CM_SHA1_80", 60);
        await using var pump = new UdpDtlsPump(DtlsRole.Client, Ours, identity.Fingerprint, openssl.EndPoint);

        var result = await pump.Session.HandshakeAsync().WaitAsync(Bound);

        Assert.True(result.Succeeded, result + "\n" + openssl.Log);
        Assert.Equal(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, result.Profile);
        Assert.Equal(identity.Fingerprint, result.PeerFingerprint);
        var theirs = await openssl.WaitForKeyingMaterialAsync(Bound);
        Assert.NotNull(theirs);
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(result.KeyingMaterial.Material));
        Assert.Equal("SRTP_AES128_CM_SHA1_80", openssl.NegotiatedSrtpProfile);
        Assert.Contains(Convert.ToBase64String(Ours.RawData.Span), Flatten(openssl.Log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openssl_s_client_and_our_server_export_the_same_keying_material()
    {
        var identity = await OpenSslIdentity.CreateAsync();
        await using var pump = new UdpDtlsPump(DtlsRole.Server, Ours, identity.Fingerprint);
        await using var openssl = OpenSslDtls.StartClient(identity, pump.LocalPort, "SRTP_AES128_CM_SHA1_80", 60);

        var result = await pump.Session.HandshakeAsync().WaitAsync(Bound);

        Assert.True(result.Succeeded, result + "\n" + openssl.Log);
        Assert.Equal(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, result.Profile);
        var theirs = await openssl.WaitForKeyingMaterialAsync(Bound);
        Assert.NotNull(theirs);
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(result.KeyingMaterial.Material));
        Assert.Equal("SRTP_AES128_CM_SHA1_80", openssl.NegotiatedSrtpProfile);
    }

    [Fact]
    public async Task Our_server_reassembles_a_ClientHello_openssl_fragments_for_a_small_mtu()
    {
        var identity = await OpenSslIdentity.CreateAsync();
        await using var pump = new UdpDtlsPump(DtlsRole.Server, Ours, identity.Fingerprint);
        await using var openssl = OpenSslDtls.StartClient(identity, pump.LocalPort, "SRTP_AES128_CM_SHA1_80", 60, "-mtu", "256", "-servername", LongServerName);

        var result = await pump.Session.HandshakeAsync().WaitAsync(Bound);

        Assert.True(result.Succeeded, result + "\n" + openssl.Log);
        var helloFragments = pump.Received
            .Where(d => DtlsPacket.IsClientHello(d))
            .Select(d => (Length: Uint24(d, 14), Offset: Uint24(d, 19), FragmentLength: Uint24(d, 22)))
            .ToList();
        Assert.Contains(helloFragments, f => f.Offset > 0);
        Assert.All(helloFragments, f => Assert.True(f.FragmentLength < f.Length, "each ClientHello record carries part of it"));
        Assert.Equal(Convert.ToHexString((await openssl.WaitForKeyingMaterialAsync(Bound))!), Convert.ToHexString(result.KeyingMaterial.Material));
    }

    [Fact]
    public async Task Our_client_takes_aead_aes_128_gcm_when_that_is_what_openssl_offers()
    {
        var identity = await OpenSslIdentity.CreateAsync();
        await using var openssl = await OpenSslDtls.StartServerAsync(identity, "SRTP_AEAD_AES_128_GCM", 56);
        await using var pump = new UdpDtlsPump(DtlsRole.Client, Ours, identity.Fingerprint, openssl.EndPoint);

        var result = await pump.Session.HandshakeAsync().WaitAsync(Bound);

        Assert.True(result.Succeeded, result + "\n" + openssl.Log);
        Assert.Equal(DtlsSrtpProtectionProfile.AeadAes128Gcm, result.Profile);
        Assert.Equal(56, result.KeyingMaterial.Material.Length);
        Assert.Equal(Convert.ToHexString((await openssl.WaitForKeyingMaterialAsync(Bound))!), Convert.ToHexString(result.KeyingMaterial.Material));
    }

    [Fact]
    public async Task Our_server_ends_with_NoCommonProfile_when_openssl_offers_none_it_accepts()
    {
        var identity = await OpenSslIdentity.CreateAsync();
        await using var pump = new UdpDtlsPump(
            DtlsRole.Server, Ours, identity.Fingerprint, options: new DtlsOptions { SrtpProfiles = [DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80] });
        await using var openssl = OpenSslDtls.StartClient(identity, pump.LocalPort, "SRTP_AEAD_AES_256_GCM", 88);

        var result = await pump.Session.HandshakeAsync().WaitAsync(Bound);

        Assert.Equal(DtlsHandshakeStatus.NoCommonProfile, result.Status);
    }

    [Fact]
    public async Task Our_client_refuses_openssl_when_its_certificate_does_not_match_the_fingerprint()
    {
        var identity = await OpenSslIdentity.CreateAsync();
        await using var openssl = await OpenSslDtls.StartServerAsync(identity, "SRTP_AES128_CM_SHA1_80", 60);
        await using var pump = new UdpDtlsPump(DtlsRole.Client, Ours, DtlsCertificate.Generate().Fingerprint, openssl.EndPoint);
        var watch = Stopwatch.StartNew();

        var result = await pump.Session.HandshakeAsync().WaitAsync(Bound);

        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"refused in {watch.Elapsed}");
        Assert.Null(await openssl.WaitForKeyingMaterialAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Our_server_refuses_openssl_when_its_certificate_does_not_match_the_fingerprint()
    {
        var identity = await OpenSslIdentity.CreateAsync();
        await using var pump = new UdpDtlsPump(DtlsRole.Server, Ours, DtlsCertificate.Generate().Fingerprint);
        await using var openssl = OpenSslDtls.StartClient(identity, pump.LocalPort, "SRTP_AES128_CM_SHA1_80", 60);

        var result = await pump.Session.HandshakeAsync().WaitAsync(Bound);

        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, result.Status);
        var alert = await openssl.WaitForLogAsync(l => l.Contains("alert bad certificate", StringComparison.OrdinalIgnoreCase), Bound);
        Assert.True(alert is not null, openssl.Log);
    }

    private static string Flatten(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static int Uint24(byte[] b, int i) => (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
}
