using BenchmarkDotNet.Attributes;
using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Benchmarks.Media.Dtls;

/// <summary>
/// What one call setup costs in DTLS: a full DTLS 1.2 + use_srtp handshake between our client and our server
/// in memory (ECDHE P-256, ECDSA certificates on both sides, key export), and generating a certificate.
/// </summary>
[MemoryDiagnoser]
public class DtlsHandshakeBenchmarks
{
    private readonly DtlsCertificate _client = DtlsCertificate.Generate("CN=bench-client");
    private readonly DtlsCertificate _server = DtlsCertificate.Generate("CN=bench-server");

    [Benchmark]
    public async Task<DtlsSrtpProtectionProfile?> HandshakeInMemory()
    {
        DtlsSrtpSession? client = null;
        DtlsSrtpSession? server = null;
        server = new DtlsSrtpSession(DtlsRole.Server, _server, [_client.Fingerprint], d => client!.TryDeliver(d));
        client = new DtlsSrtpSession(DtlsRole.Client, _client, [_server.Fingerprint], d => server.TryDeliver(d));
        await using (client)
        await using (server)
        {
            var serverResult = server.HandshakeAsync();
            var clientResult = await client.HandshakeAsync();
            await serverResult;
            return clientResult.Profile;
        }
    }

    [Benchmark]
    public DtlsCertificate GenerateCertificate() => DtlsCertificate.Generate();
}
