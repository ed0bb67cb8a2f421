using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip;

/// <summary>The sample runs with <c>AddSipTransactions()</c>: retransmissions over UDP are absorbed by server transactions.</summary>
[Collection(SipServerSampleCollection.Name)]
public sealed partial class SipTransactionSampleTests(SipServerSampleFixture server)
{
    private static string Scenario => Path.Combine(AppContext.BaseDirectory, "Sip", "Scenarios", "options-retransmission-uac.xml");

    [Fact]
    public async Task Retransmitted_OPTIONS_gets_the_cached_200_byte_for_byte()
    {
        using var client = Client();
        var request = Request("OPTIONS", "OPTIONS", "z9hG4bK-" + Guid.NewGuid().ToString("N"));
        await client.SendToAsync(request, Server);
        var first = await ReceiveAsync(client, TimeSpan.FromSeconds(3));
        await client.SendToAsync(request, Server);
        var second = await ReceiveAsync(client, TimeSpan.FromSeconds(3));

        Assert.NotNull(first);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", first, StringComparison.Ordinal);
        // A new response would carry a new To tag (CreateFor makes one per response): equal bytes mean the cached one.
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task INVITE_501_is_retransmitted_by_timer_G_until_the_ACK()
    {
        using var client = Client();
        var branch = "z9hG4bK-" + Guid.NewGuid().ToString("N");
        await client.SendToAsync(Request("INVITE", "INVITE", branch), Server);
        var clock = Stopwatch.StartNew();
        var copies = new List<string>();
        while (clock.Elapsed < TimeSpan.FromSeconds(2.2))
        {
            if (await ReceiveAsync(client, TimeSpan.FromSeconds(2.2) - clock.Elapsed) is { } copy)
            {
                copies.Add(copy);
            }
        }

        // Timer G (T1 = 500 ms): the 501 at 0 s, again at 0.5 s and 1.5 s; all the same message.
        Assert.True(copies.Count >= 2, $"{copies.Count} copies within 2.2 s\nserver log:\n{server.Log}");
        Assert.All(copies, copy => Assert.Equal(copies[0], copy));
        Assert.StartsWith("SIP/2.0 501 ", copies[0], StringComparison.Ordinal);

        var toTag = ToTag().Match(copies[0]).Groups[1].Value;
        await client.SendToAsync(Request("ACK", "ACK", branch, toTag), Server);
        // The next G would fire at 3.5 s; after the ACK (Confirmed) nothing more comes.
        Assert.Null(await ReceiveAsync(client, TimeSpan.FromSeconds(2.5)));
    }

    [Fact]
    public async Task Sipp_retransmitted_OPTIONS_gets_the_same_To_tag()
    {
        var (exit, output) = await CommandRunner.RunAsync("/usr/bin/sipp", [
            "-sf", Scenario, "-m", "1", "-t", "u1", "-i", "127.0.0.1", "-p", FreePort.UdpAndTcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-nostdin", "-timeout", "20s", "-timeout_error", $"127.0.0.1:{server.UdpTcpPort}",
        ], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"sipp exit {exit}:\n{output}\nserver log:\n{server.Log}");
        Assert.Matches(@"Successful call\s+\|\s+\d+\s+\|\s+1\b", output);
    }

    private IPEndPoint Server => new(IPAddress.Loopback, server.UdpTcpPort);

    private static Socket Client()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    // From a foreign domain to this server: the sample's route[AUTH] steps let it through without a challenge
    // (not from a local domain, but to one), so the INVITE reaches the terminal 501.
    private static byte[] Request(string method, string cseqMethod, string branch, string? toTag = null) => Encoding.ASCII.GetBytes(
        $"{method} sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;rport;branch={branch}\r\n" +
        $"From: <sip:test@visitor.example.net>;tag=1\r\nTo: <sip:127.0.0.1>{(toTag is null ? string.Empty : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {branch}\r\nCSeq: 1 {cseqMethod}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

    private static async Task<string?> ReceiveAsync(Socket socket, TimeSpan wait)
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\r\nTo: [^\r]*;tag=([^;\r]+)")]
    private static partial Regex ToTag();
}
