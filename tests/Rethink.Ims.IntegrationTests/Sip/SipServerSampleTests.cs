using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip;

/// <summary>Real SIP peers (SIPp, JsSIP in node, openssl, raw sockets) against the running SIP server sample.</summary>
[Collection(SipServerSampleCollection.Name)]
public sealed class SipServerSampleTests(SipServerSampleFixture server)
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private static string Scenario => Path.Combine(AppContext.BaseDirectory, "Sip", "Scenarios", "options-uac.xml");

    private static string JsDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "js");

    private async Task AssertSippOptionsAsync(string transport)
    {
        var (exit, output) = await CommandRunner.RunAsync("/usr/bin/sipp", [
            "-sf", Scenario, "-m", "1", "-t", transport, "-i", "127.0.0.1", "-p", FreePort.UdpAndTcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-nostdin", "-timeout", "20s", "-timeout_error", $"127.0.0.1:{server.UdpTcpPort}",
        ], ClientTimeout);
        Assert.True(exit == 0, $"sipp exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Matches(@"Successful call\s+\|\s+\d+\s+\|\s+1\b", output);
    }

    [Fact]
    public Task Sipp_OPTIONS_over_UDP_gets_200() => AssertSippOptionsAsync("u1");

    [Fact]
    public Task Sipp_OPTIONS_over_TCP_gets_200() => AssertSippOptionsAsync("t1");

    [Fact]
    public async Task JsSIP_OPTIONS_over_WebSocket_gets_200()
    {
        AssertNodeModules();
        var (exit, output) = await CommandRunner.RunAsync("node", ["jssip-options.js", $"ws://127.0.0.1:{server.WsPort}"], ClientTimeout, workingDirectory: JsDirectory);
        Assert.True(exit == 0, $"node exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Contains("STATUS 200 OPTIONS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsSIP_OPTIONS_over_secure_WebSocket_gets_200()
    {
        AssertNodeModules();
        var (exit, output) = await CommandRunner.RunAsync("node", ["jssip-options.js", $"wss://127.0.0.1:{server.WssPort}", "--insecure"], ClientTimeout, workingDirectory: JsDirectory);
        Assert.True(exit == 0, $"node exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Contains("STATUS 200 OPTIONS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocket_without_the_sip_subprotocol_is_refused()
    {
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("chat");
        var error = await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(new Uri($"ws://127.0.0.1:{server.WsPort}/"), CancellationToken.None));
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openssl_s_client_OPTIONS_over_TLS_gets_200()
    {
        var request = Encoding.ASCII.GetString(SipServerSampleFixture.Options("TLS", "tls-" + Guid.NewGuid().ToString("N")));
        // -ign_eof keeps reading after the request; the server closes the connection after its idle timeout.
        var (exit, output) = await CommandRunner.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{server.TlsPort}", "-quiet", "-ign_eof"], ClientTimeout, stdin: request);
        Assert.True(output.Contains("SIP/2.0 200 OK\r\n", StringComparison.Ordinal), $"openssl exit {exit}:\n{output}\nserver log:\n{server.Log}");
    }

    [Fact]
    public async Task Crlf_crlf_ping_over_TCP_gets_a_crlf_pong()
    {
        using var client = await ConnectTcpAsync();
        await client.SendAsync("\r\n\r\n"u8.ToArray());
        Assert.Equal("\r\n", await ReadAsync(client, 2, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task TCP_message_without_Content_Length_closes_the_connection()
    {
        using var client = await ConnectTcpAsync();
        var text = Encoding.ASCII.GetString(SipServerSampleFixture.Options("TCP", "ncl-" + Guid.NewGuid().ToString("N")))
            .Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);
        var started = DateTime.UtcNow;
        await client.SendAsync(Encoding.ASCII.GetBytes(text));
        var answer = await ReadAsync(client, int.MaxValue, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("200 OK", answer, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < SipServerSampleFixture.IdleTimeout, "closed for the missing Content-Length, not by the idle timeout");
    }

    [Fact]
    public async Task Idle_TCP_connection_is_closed_after_the_idle_timeout()
    {
        using var client = await ConnectTcpAsync();
        await client.SendAsync(SipServerSampleFixture.Options("TCP", "idle-" + Guid.NewGuid().ToString("N")));
        var started = DateTime.UtcNow;
        var answer = await ReadAsync(client, int.MaxValue, TimeSpan.FromSeconds(15));
        var elapsed = DateTime.UtcNow - started;
        Assert.StartsWith("SIP/2.0 200 OK", answer, StringComparison.Ordinal);
        Assert.InRange(elapsed, SipServerSampleFixture.IdleTimeout * 0.9, SipServerSampleFixture.IdleTimeout * 4);
    }

    [Fact]
    public async Task Rfc4475_messages_over_UDP_get_the_expected_answers_and_the_server_keeps_answering()
    {
        // The messages' Vias name other hosts without rport, so answers go to received (our source address) at the
        // sent-by port or 5060 (RFC 3261 §18.2.2). A loopback address of our own keeps those ports clear of anything else.
        var address = IPAddress.Parse($"127.0.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(2, 255)}");
        var sockets = new[] { 5060, 5050, 5070 }.Select(port =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }).ToList();
        try
        {
            var mismatches = new List<string>();
            var answers = new HashSet<string>(StringComparer.Ordinal);
            var nonceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in Rfc4475.Rows())
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Sip", "rfc4475", row.File));
                var expected = Rfc4475.ExpectedStatus(row, bytes);
                var answer = await ExchangeAsync(sockets, answers, bytes, expected is null);
                var status = StatusOf(answer);
                if (Rfc4475.IsRegistrarAcceptance(row) && status == 401)
                {
                    // An authenticating registrar: the same REGISTER again (next CSeq, new branch) with the digest answer
                    // of an ephemeral credential for the AoR's user. cparam02 shares cparam01's transaction key, so it is a
                    // retransmission and gets cparam01's 401 again: its nonce is then used a second time, with the next nc.
                    var retry = Authenticated(Encoding.ASCII.GetString(bytes), answer!, nonceCounts);
                    answer = await ExchangeAsync(sockets, answers, Encoding.ASCII.GetBytes(retry), expectNone: false);
                    status = StatusOf(answer);
                    if (status == 200 && !ContactsOf(answer!).Contains(ContactOf(retry), StringComparison.Ordinal))
                    {
                        mismatches.Add($"{row.File}: the 200 does not list the registered contact {ContactOf(retry)}:\n{answer}");
                    }
                }

                if (status != expected)
                {
                    mismatches.Add($"{row.File}: expected {expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}, got {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}");
                }
            }

            Assert.True(mismatches.Count == 0, string.Join('\n', mismatches) + "\nserver log:\n" + server.Log);
            Assert.Equal("SIP/2.0 200 OK", await server.OptionsOverUdpAsync(TimeSpan.FromSeconds(3)));
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private async Task<string?> ExchangeAsync(List<Socket> sockets, HashSet<string> answers, byte[] message, bool expectNone)
    {
        foreach (var socket in sockets)
        {
            Drain(socket);
        }

        await sockets[0].SendToAsync(message, new IPEndPoint(IPAddress.Loopback, server.UdpTcpPort));
        return await ReceiveAnswerAsync(sockets, answers, TransactionKey(Encoding.ASCII.GetString(message)), expectNone ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3));
    }

    private static int? StatusOf(string? answer)
    {
        if (answer is null)
        {
            return null;
        }

        var parts = answer.Split(' ', 3);
        return parts.Length > 1 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var status) ? status : -1;
    }

    /// <summary>The REGISTER <paramref name="message"/> answered with an ephemeral credential for its To user, next CSeq, new branch.</summary>
    private string Authenticated(string message, string challengeAnswer, Dictionary<string, int> nonceCounts)
    {
        var challenge = Infrastructure.SipResponse.TryParse(challengeAnswer)!.Challenge!;
        var nc = (nonceCounts[challenge.Nonce] = nonceCounts.GetValueOrDefault(challenge.Nonce) + 1).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var user = Regex.Match(message, @"\r\nTo:\s*<?sip:([^@]+)@", RegexOptions.IgnoreCase).Groups[1].Value;
        var credential = new Rethink.Ims.Credentials.EphemeralCredentialGenerator(
                new Rethink.Ims.Credentials.SecretRing([server.Secret]), new Rethink.Ims.Credentials.EphemeralCredentialOptions(), TimeProvider.System)
            .Generate(user, DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        var uri = Regex.Match(message, @"^REGISTER (\S+) ").Groups[1].Value;
        var cnonce = Guid.NewGuid().ToString("N");
        var qop = challenge.OffersQopAuth ? "auth" : null;
        var response = SipDigest.Response(challenge.Algorithm, credential.Username, challenge.Realm, credential.Password, "REGISTER", uri, challenge.Nonce, qop, nc, cnonce);
        var authorization = $"Authorization: Digest username=\"{credential.Username}\", realm=\"{challenge.Realm}\", nonce=\"{challenge.Nonce}\", uri=\"{uri}\", " +
            $"response=\"{response}\", algorithm={challenge.Algorithm}" + (qop is null ? string.Empty : $", qop=auth, nc={nc}, cnonce=\"{cnonce}\"") + "\r\n";
        message = Regex.Replace(message, @"(\r\nCSeq:\s*)(\d+)", m => m.Groups[1].Value + (long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        message = Regex.Replace(message, @"branch=([^;\r]+)", "branch=z9hG4bK-auth-" + cnonce);
        var firstLineEnd = message.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        return message[..firstLineEnd] + authorization + message[firstLineEnd..];
    }

    /// <summary>The contact URI of a REGISTER (full or compact header name), without brackets or header parameters.</summary>
    private static string ContactOf(string message)
    {
        var value = Regex.Match(message, @"\r\n(?:Contact|m)\s*:\s*([^\r]+)", RegexOptions.IgnoreCase).Groups[1].Value.Trim();
        return value.StartsWith('<') ? value[1..value.IndexOf('>', StringComparison.Ordinal)] : value.Split(';')[0];
    }

    private static string ContactsOf(string answer) =>
        string.Join('\n', Regex.Matches(answer, @"\r\n(?:Contact|m)\s*:\s*([^\r]+)", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value));

    private static void AssertNodeModules() =>
        Assert.True(Directory.Exists(Path.Combine(JsDirectory, "node_modules", "jssip")), "Run scripts/install-test-deps.sh (npm ci in tests/js) first.");

    private async Task<Socket> ConnectTcpAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.UdpTcpPort));
        return client;
    }

    private static async Task<string> ReadAsync(Socket socket, int minimum, TimeSpan timeout)
    {
        var buffer = new byte[65536];
        var total = 0;
        using var cancel = new CancellationTokenSource(timeout);
        while (total < minimum)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cancel.Token);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, total);
    }

    private static void Drain(Socket socket)
    {
        var buffer = new byte[65536];
        while (socket.Available > 0)
        {
            socket.Receive(buffer);
        }
    }

    /// <summary>
    /// The answer to the message just sent. Server transactions re-send the final answers of earlier
    /// INVITEs (timer G; no ACK comes here) byte for byte while later messages wait for theirs, so an answer received
    /// before counts only when it carries the message's own branch and CSeq method (the server transaction key, RFC 3261
    /// §17.2.3): several corpus messages share a branch, and the later ones are then retransmissions that get the cached answer.
    /// </summary>
    private static async Task<string?> ReceiveAnswerAsync(List<Socket> sockets, HashSet<string> answers, string? key, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await ReceiveFirstAsync(sockets, deadline - DateTime.UtcNow);
            if (answer is null)
            {
                return null;
            }

            if (answers.Add(answer) || (key is not null && key == TransactionKey(answer)))
            {
                return answer;
            }
        }

        return null;
    }

    /// <summary>The top branch and the CSeq method, or null when the message has no plain Via/CSeq to read them from.</summary>
    private static string? TransactionKey(string message)
    {
        var branch = Regex.Match(message, @"\r\nVia:[^\r]*?;\s*branch\s*=\s*([^;,\s]+)", RegexOptions.IgnoreCase);
        var method = Regex.Match(message, @"\r\nCSeq\s*:\s*\d+\s+(\S+)", RegexOptions.IgnoreCase);
        return branch.Success && method.Success ? branch.Groups[1].Value + "|" + method.Groups[1].Value : null;
    }

    private static async Task<string?> ReceiveFirstAsync(List<Socket> sockets, TimeSpan wait)
    {
        using var cancel = new CancellationTokenSource(wait);
        var receives = sockets.Select(async socket =>
        {
            var buffer = new byte[65536];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }).ToList();
        try
        {
            return await await Task.WhenAny(receives);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            await cancel.CancelAsync();
            foreach (var receive in receives)
            {
                try
                {
                    await receive;
                }
                catch (OperationCanceledException)
                {
                    // Expected for the sockets that got nothing.
                }
            }
        }
    }
}
