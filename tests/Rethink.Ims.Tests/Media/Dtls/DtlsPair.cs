using System.Collections.Concurrent;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Dtls;

/// <summary>
/// Our DTLS client and server wired to each other in memory: each datagram one sends is recorded and handed
/// to the other, unless a drop rule says it is lost on the way.
/// </summary>
internal sealed class DtlsPair : IAsyncDisposable
{
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("CN=test-client");
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("CN=test-server");
    public static readonly DtlsCertificate StrangerCertificate = DtlsCertificate.Generate("CN=stranger");

    private DtlsPair(DtlsOptions? clientOptions, DtlsOptions? serverOptions, DtlsFingerprint clientExpects, DtlsFingerprint serverExpects)
    {
        Client = new DtlsSrtpSession(DtlsRole.Client, ClientCertificate, [clientExpects], d => Carry(d, ClientSent, DropFromClient, Server!), clientOptions);
        Server = new DtlsSrtpSession(DtlsRole.Server, ServerCertificate, [serverExpects], d => Carry(d, ServerSent, DropFromServer, Client), serverOptions);
    }

    public DtlsSrtpSession Client { get; }

    public DtlsSrtpSession Server { get; }

    /// <summary>Every datagram the client sent, in order (dropped ones included).</summary>
    public ConcurrentQueue<byte[]> ClientSent { get; } = new();

    /// <summary>Every datagram the server sent, in order (dropped ones included).</summary>
    public ConcurrentQueue<byte[]> ServerSent { get; } = new();

    /// <summary>Returns true for a client datagram that is lost; gets the datagram and its index among the client's.</summary>
    public Func<byte[], int, bool>? DropFromClient { get; set; }

    /// <summary>Returns true for a server datagram that is lost.</summary>
    public Func<byte[], int, bool>? DropFromServer { get; set; }

    public static DtlsPair Create(
        DtlsOptions? clientOptions = null,
        DtlsOptions? serverOptions = null,
        DtlsFingerprint? clientExpects = null,
        DtlsFingerprint? serverExpects = null) =>
        new(clientOptions, serverOptions, clientExpects ?? ServerCertificate.Fingerprint, serverExpects ?? ClientCertificate.Fingerprint);

    /// <summary>Runs both handshakes, server first (it waits), and returns both results.</summary>
    public async Task<(DtlsHandshakeResult Client, DtlsHandshakeResult Server)> HandshakeAsync()
    {
        var server = Server.HandshakeAsync();
        var client = Client.HandshakeAsync();
        return (await client.WaitAsync(TimeSpan.FromSeconds(30)), await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }

    private static void Carry(ReadOnlySpan<byte> datagram, ConcurrentQueue<byte[]> log, Func<byte[], int, bool>? drop, DtlsSrtpSession to)
    {
        var copy = datagram.ToArray();
        var index = log.Count;
        log.Enqueue(copy);
        if (drop?.Invoke(copy, index) != true)
        {
            to.TryDeliver(copy);
        }
    }
}
