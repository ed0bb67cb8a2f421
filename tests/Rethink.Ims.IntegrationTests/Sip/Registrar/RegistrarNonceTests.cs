using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Rethink.Ims.Credentials;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>
/// Nonce lifetime and nonce-count replay at the SIP server sample (nonce lifetime <see cref="ShortNonceSampleFixture.NonceLifetime"/>),
/// with SIPp and, where SIPp cannot repeat a nonce count, a raw TCP client.
/// </summary>
[Collection(RegistrarComparisonCollection.Name)]
public sealed class RegistrarNonceTests(RegistrarComparisonFixture fixture)
{
    private ShortNonceSampleFixture Server => fixture.Sample;

    private EphemeralCredential Credential(string user, TimeSpan ttl) =>
        new EphemeralCredentialGenerator(new SecretRing([Server.Secret]), new EphemeralCredentialOptions(), TimeProvider.System)
            .Generate(user, DateTimeOffset.UtcNow + ttl);

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Sipp_answering_with_an_expired_nonce_is_challenged_with_stale_true_then_registers_with_the_new_one(string transport)
    {
        var credential = Credential("alice", TimeSpan.FromHours(1));
        var (exit, output, statuses) = await RegistrarSipp.RunAsync("register-stale-uac.xml", transport, credential.Username, credential.Password, Server.UdpTcpPort);

        Assert.True(RegistrarSipp.Succeeded(exit, output), $"sipp exit {exit}:\n{output}\nserver log:\n{Server.Log}");
        Assert.Equal([401, 401, 200, 200], statuses);
    }

    [Fact]
    public async Task Sipp_replaying_a_nonce_count_over_UDP_is_refused_with_a_challenge_that_is_not_stale()
    {
        var credential = Credential("alice", TimeSpan.FromHours(1));
        var (exit, output, statuses) = await RegistrarSipp.RunAsync("register-replay-uac.xml", "u1", credential.Username, credential.Password, Server.UdpTcpPort);

        Assert.True(RegistrarSipp.Succeeded(exit, output), $"sipp exit {exit}:\n{output}\nserver log:\n{Server.Log}");
        // 401, 200, (the retransmitted 401 counts once per CSeq), 401 for the replay, 200 for the unregister that follows.
        Assert.Equal([401, 200, 401, 200], statuses);
    }

    /// <summary>
    /// Over TCP a retransmission is a new request with a new nonce (the server transaction ends with its answer), so SIPp
    /// cannot be made to repeat a nonce count there: a raw TCP client sends the same Authorization twice.
    /// </summary>
    [Fact]
    public async Task Replaying_an_Authorization_with_the_same_nonce_count_over_TCP_is_refused_with_a_challenge_that_is_not_stale()
    {
        var credential = Credential("alice", TimeSpan.FromHours(1));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Server.UdpTcpPort));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var callId = Guid.NewGuid().ToString("N");

        var challenge = await ExchangeAsync(socket, Register(local, callId, 1, authorization: null));
        Assert.Equal(401, challenge.StatusCode);
        var digest = challenge.Challenge!;
        const string nc = "00000001";
        var cnonce = Guid.NewGuid().ToString("N");
        var response = SipDigest.Response(digest.Algorithm, credential.Username, digest.Realm, credential.Password, "REGISTER", "sip:example.com", digest.Nonce, "auth", nc, cnonce);
        var authorization = $"Digest username=\"{credential.Username}\", realm=\"{digest.Realm}\", nonce=\"{digest.Nonce}\", uri=\"sip:example.com\", " +
            $"response=\"{response}\", algorithm={digest.Algorithm}, qop=auth, nc={nc}, cnonce=\"{cnonce}\"";

        var first = await ExchangeAsync(socket, Register(local, callId, 2, authorization));
        var replay = await ExchangeAsync(socket, Register(local, callId, 3, authorization));

        Assert.True(first.StatusCode == 200, first.Raw + "\nserver log:\n" + Server.Log);
        Assert.Equal(401, replay.StatusCode);
        Assert.False(replay.Challenge!.Stale, replay.Raw);
    }

    private static string Register(IPEndPoint local, string callId, int cseq, string? authorization) =>
        $"REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP {local};branch=z9hG4bK-replay-{callId}-{cseq};rport\r\n" +
        $"From: <sip:alice@example.com>;tag={callId}\r\nTo: <sip:alice@example.com>\r\nCall-ID: {callId}\r\nCSeq: {cseq} REGISTER\r\n" +
        $"Contact: <sip:replay@{local};transport=tcp>\r\nExpires: 600\r\nMax-Forwards: 70\r\n" +
        (authorization is null ? string.Empty : $"Authorization: {authorization}\r\n") + "Content-Length: 0\r\n\r\n";

    /// <summary>Sends one request and reads one response (headers only: the sample's answers to REGISTER have no body).</summary>
    private async Task<Infrastructure.SipResponse> ExchangeAsync(Socket socket, string request)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[65536];
        var total = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "connection closed\nserver log:\n" + Server.Log);
            total += read;
            var text = Encoding.ASCII.GetString(buffer, 0, total);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var response = Infrastructure.SipResponse.TryParse(text[..(end + 4)]);
                Assert.NotNull(response);
                Assert.Equal("0", response.GetHeader("Content-Length")?.Trim(), StringComparer.Ordinal);
                return response;
            }
        }
    }
}
