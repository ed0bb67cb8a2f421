using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Rethink.Ims.IntegrationTests.Browser;
using Rethink.Ims.IntegrationTests.BrowserClient;
using Rethink.Ims.IntegrationTests.Infrastructure;
using Rethink.Ims.Sip.Messages;
using Xunit.Abstractions;
using LibraryResponse = Rethink.Ims.Sip.Messages.SipResponse;

namespace Rethink.Ims.IntegrationTests.SystemHost;

/// <summary>
/// The three samples wired as run.sh wires them: health, Prometheus metrics, the echo service over the edge for a plain
/// SIP caller and for the browser client page in headless Chromium (through the media bridge). In the browser
/// collection, as one of its tests runs Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SystemHostTests(SystemHostFixture system, ITestOutputHelper output) : IClassFixture<SystemHostFixture>
{
    [Fact]
    public async Task Every_part_reports_healthy_and_its_metrics_endpoint_lists_the_library_instruments_in_Prometheus_format()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        // Traffic first: an instrument is exported once it has recorded something.
        var token = Regex.Match(await http.GetStringAsync(new Uri(system.Credentials, "dev/token?email=alice@example.com")), "\"id_token\":\"([^\"]+)\"").Groups[1].Value;
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(system.Credentials, "credential")))
        {
            request.Headers.Authorization = new("Bearer", token);
            using var credential = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, credential.StatusCode);
        }

        using (var sip = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, system.SipPort)))
        {
            Assert.Equal(200, (await sip.OptionsAsync("example.com")).StatusCode);
        }

        // The edge's health pings the media server over ng, so the media server has answered an ng command by now.
        foreach (var part in new[] { system.Credentials, system.EdgeManagement, MediaManagement })
        {
            using var health = await http.GetAsync(new Uri(part, "health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        }

        var credentials = await ScrapeAsync(http, system.Credentials);
        var edge = await ScrapeAsync(http, system.EdgeManagement);
        var media = await ScrapeAsync(http, MediaManagement);
        AssertCounter(credentials, "rethink_ims_credentials_issued_total");
        AssertCounter(edge, "rethink_ims_sip_messages_received_total");
        AssertCounter(edge, "rethink_ims_sip_messages_sent_total");
        AssertCounter(media, "rethink_ims_ng_commands_total");
        Assert.Matches(new Regex("^# TYPE rethink_ims_ng_command_duration_seconds histogram$", RegexOptions.Multiline), media);
    }

    [Fact]
    public async Task A_plain_SIP_caller_reaches_the_echo_service_through_the_edge_and_gets_its_own_RTP_back_with_another_SSRC()
    {
        using var sip = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sip.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)sip.LocalEndPoint!;
        var rtpPort = ((IPEndPoint)rtp.LocalEndPoint!).Port;
        var edge = new IPEndPoint(IPAddress.Loopback, system.SipPort);
        var callId = SipIdentifiers.NewCallId();
        var fromTag = SipIdentifiers.NewTag();
        var sdp = $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {rtpPort} RTP/AVP 0 101\r\n" +
                  "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
        var invite = Request("INVITE", "sip:echo@example.com", local, callId, fromTag, null, 1, [], sdp);
        await sip.SendToAsync(Encoding.ASCII.GetBytes(invite), edge);

        using var ok = await ReceiveFinalAsync(sip);
        Assert.Equal(200, ok.StatusCode);
        var toTag = ok.To.Tag.ToString();
        var contact = Regex.Match(HeaderValues(ok, SipHeaderId.Contact).Single(), "<([^>]+)>").Groups[1].Value;
        var routes = HeaderValues(ok, SipHeaderId.RecordRoute).SelectMany(v => v.Split(',')).Select(v => v.Trim()).Reverse().ToList();
        var answer = Encoding.ASCII.GetString(ok.Body.Span);
        output.WriteLine(answer);
        Assert.Contains("m=audio ", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:0 PCMU/8000", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:101 telephone-event/8000", answer, StringComparison.Ordinal);
        var echoRtp = new IPEndPoint(IPAddress.Parse(Regex.Match(answer, @"c=IN IP4 (\S+)").Groups[1].Value), int.Parse(Regex.Match(answer, @"m=audio (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"sip:echo@127.0.0.1:{system.EchoPort}", contact);

        await sip.SendToAsync(Encoding.ASCII.GetBytes(Request("ACK", contact, local, callId, fromTag, toTag, 1, routes, null)), edge);

        // 20 ms of PCMU per packet; each must come back with the same sequence number and payload and another SSRC.
        const uint ssrc = 0x11223344;
        var returned = 0;
        var buffer = new byte[2048];
        for (ushort sequence = 1; sequence <= 25; sequence++)
        {
            var packet = new byte[12 + 160];
            packet[0] = 0x80;
            packet[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
            packet.AsSpan(12).Fill((byte)sequence);
            await rtp.SendToAsync(packet, echoRtp);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var received = await rtp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            Assert.Equal(echoRtp, received.RemoteEndPoint);
            Assert.Equal(packet.Length, received.ReceivedBytes);
            Assert.Equal(sequence, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
            Assert.NotEqual(ssrc, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)));
            Assert.True(buffer.AsSpan(12, 160).SequenceEqual(packet.AsSpan(12)));
            returned++;
        }

        Assert.Equal(25, returned);
        await sip.SendToAsync(Encoding.ASCII.GetBytes(Request("BYE", contact, local, callId, fromTag, toTag, 2, routes, null)), edge);
        using var byeOk = await ReceiveFinalAsync(sip);
        Assert.Equal(200, byeOk.StatusCode);
        Assert.Equal("2 BYE", byeOk.CSeq.ToString());

        // The echo service counted the call and the packets it returned.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        const string answered = @"rethink_ims_sip_echo_calls_total\{[^}]*outcome=""answered""[^}]*\} [1-9]";
        var metrics = await ScrapeUntilAsync(http, system.EdgeManagement, answered);
        Assert.Matches(answered, metrics);
        AssertCounter(metrics, "rethink_ims_sip_echo_packets_total");
    }

    [Fact]
    public async Task The_browser_client_calls_the_echo_service_and_hears_its_own_audio_through_the_media_bridge()
    {
        const string test = nameof(The_browser_client_calls_the_echo_service_and_hears_its_own_audio_through_the_media_bridge);
        await BrowserClientTestRun.RunAsync(test, TimeSpan.FromSeconds(90), output, () => system.Log, async (driver, _, cancel) =>
        {
            var page = await BrowserClientPage.OpenAsync(driver, system.Credentials, test, cancellationToken: cancel);
            await page.SignInAsync("alice@example.com", cancel);
            await page.WaitForRegistrationAsync("registered", cancel);
            await page.Page.FillAsync("#target", "echo", cancel);
            await page.Page.ClickAsync("#call-button", cancel);
            await page.WaitForCallAsync("established", cancel);

            // Chromium's fake microphone beeps; what comes back is that beep after browser -> bridge (WebRTC leg) ->
            // echo (plain RTP) -> bridge -> browser: RTP packets in getStats() and a level above silence.
            await AssertHearsAudioThenHangUpAsync(page, "1_echo_call", "2_echo_ended", cancel);

            // The bridge anchored the call (it was a WebRTC <-> plain call) and the edge's BYE tore it down.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var media = await ScrapeAsync(http, MediaManagement);
            AssertCounter(media, "rethink_ims_media_calls_total");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (await http.GetStringAsync(new Uri(MediaManagement, "health"), cancel) != "Healthy" || !await NoBridgedCallsAsync(http, cancel))
            {
                Assert.True(DateTime.UtcNow < deadline, "the bridge still holds the call after the hang-up");
                await Task.Delay(200, cancel);
            }
        });
    }

    private Uri MediaManagement => system.MediaManagement ?? throw new InvalidOperationException("SystemHostFixture runs our media server");

    private async Task<bool> NoBridgedCallsAsync(HttpClient http, CancellationToken cancel)
    {
        var metrics = await http.GetStringAsync(new Uri(MediaManagement, "metrics"), cancel);
        var active = Regex.Match(metrics, @"^rethink_ims_media_calls_active(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline);
        return active.Success && active.Groups[1].Value == "0";
    }

    private Task AssertHearsAudioThenHangUpAsync(BrowserClientPage page, string inCallShot, string? endedShot, CancellationToken cancel) =>
        PageCallAssert.HearsAudioThenHangUpAsync(page, output, inCallShot, endedShot, cancel);

    private static string Request(string method, string uri, IPEndPoint local, string callId, string fromTag, string? toTag, int cseq, IReadOnlyList<string> routes, string? sdp)
    {
        var builder = new StringBuilder()
            .Append(method).Append(' ').Append(uri).Append(" SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP ").Append(local).Append(";branch=").Append(SipIdentifiers.NewBranch()).Append(";rport\r\n")
            .Append("Max-Forwards: 70\r\n");
        foreach (var route in routes)
        {
            builder.Append("Route: ").Append(route).Append("\r\n");
        }

        builder.Append("From: <sip:tester@outside.test>;tag=").Append(fromTag).Append("\r\n")
            .Append("To: <sip:echo@example.com>").Append(toTag is null ? string.Empty : ";tag=" + toTag).Append("\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: ").Append(cseq).Append(' ').Append(method).Append("\r\n")
            .Append("Contact: <sip:tester@").Append(local).Append(">\r\n");
        if (sdp is null)
        {
            builder.Append("Content-Length: 0\r\n\r\n");
        }
        else
        {
            builder.Append("Content-Type: application/sdp\r\nContent-Length: ").Append(Encoding.ASCII.GetByteCount(sdp)).Append("\r\n\r\n").Append(sdp);
        }

        return builder.ToString();
    }

    private static async Task<LibraryResponse> ReceiveFinalAsync(Socket socket)
    {
        var buffer = new byte[65535];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            var parsed = SipParser.Parse(buffer.AsMemory(0, received.ReceivedBytes).ToArray());
            if (parsed.Response is { StatusCode: >= 200 } final)
            {
                return final;
            }

            parsed.Message?.Dispose();
        }
    }

    private static List<string> HeaderValues(SipMessage message, SipHeaderId id)
    {
        List<string> values = [];
        foreach (var header in message.Headers)
        {
            if (header.Id == id)
            {
                values.Add(Encoding.UTF8.GetString(header.Value.Span));
            }
        }

        return values;
    }

    private static async Task<string> ScrapeAsync(HttpClient http, Uri part)
    {
        using var response = await http.GetAsync(new Uri(part, "metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// Scrapes until <paramref name="pattern"/> shows or 5 s pass: the exporter serves a cached scrape for a short
    /// while (300 ms by default), so a scrape right after an earlier one can predate the last recorded value.
    /// </summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, Uri part, string pattern)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var metrics = await ScrapeAsync(http, part);
            if (System.Text.RegularExpressions.Regex.IsMatch(metrics, pattern) || DateTime.UtcNow > deadline)
            {
                return metrics;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The counter is declared as one and has at least one sample above zero.</summary>
    private static void AssertCounter(string metrics, string name)
    {
        // The TYPE line names the family with or without _total depending on the exporter's format version.
        var family = name.EndsWith("_total", StringComparison.Ordinal) ? name[..^6] : name;
        Assert.Matches(new Regex($@"^# TYPE {family}(_total)? counter$", RegexOptions.Multiline), metrics);
        Assert.Matches(new Regex($@"^{name}(\{{[^}}]*\}})? [1-9]", RegexOptions.Multiline), metrics);
    }
}
