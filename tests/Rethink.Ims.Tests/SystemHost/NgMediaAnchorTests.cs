using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Control;
using Rethink.Ims.Sip.Proxy;

namespace Rethink.Ims.Tests.SystemHost;

/// <summary>The edge's ng-client media anchor against a scripted ng server on loopback (what rtpengine or our media server would answer).</summary>
public sealed class NgMediaAnchorTests : IAsyncLifetime
{
    private static readonly byte[] BrowserSdp = Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
    private static readonly byte[] PlainSdp = Encoding.ASCII.GetBytes("v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");

    private readonly Socket _server = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly List<(string Cookie, BencodeValue Request)> _received = [];
    private Func<BencodeValue, BencodeValue?> _reply = _ => Dictionary(("result", "ok"), ("sdp", "v=0\r\nrewritten\r\n"));
    private Task? _loop;
    private NgMediaAnchor _anchor = null!;

    public Task InitializeAsync()
    {
        _server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = ServeAsync();
        // 2 s per reply: the scripted server answers at once, but a loaded CI machine once took over 300 ms, and a
        // retransmission would add a request to what the tests count. The silent-server test sets its own.
        _anchor = Create(TimeSpan.FromSeconds(2), 3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _anchor.DisposeAsync();
        _server.Dispose();
        await _loop!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [Fact]
    public async Task A_browser_offer_to_a_plain_callee_is_sent_as_an_ng_offer_asking_for_plain_RTP_and_the_returned_SDP_is_forwarded()
    {
        var result = await _anchor.OfferAsync(Offer(SipMediaProfile.WebRtc, SipMediaProfile.Plain, BrowserSdp), CancellationToken.None);

        Assert.Equal(SipMediaAnchorOutcome.Rewritten, result.Outcome);
        Assert.Equal("v=0\r\nrewritten\r\n", Encoding.ASCII.GetString(result.Sdp.Span));
        var request = Assert.Single(Requests()).Request;
        Assert.Equal("offer", Text(request, "command"));
        Assert.Equal("call-1", Text(request, "call-id"));
        Assert.Equal("caller-tag", Text(request, "from-tag"));
        Assert.Equal("RTP/AVP", Text(request, "transport-protocol"));
        Assert.Equal("remove", Text(request, "ICE"));
        Assert.Equal("off", Text(request, "DTLS"));
        Assert.Equal(["demux"], List(request, "rtcp-mux"));
        Assert.Equal(["origin", "session-connection"], List(request, "replace"));
        Assert.Equal(BrowserSdp, Bytes(request, "sdp"));
    }

    [Fact]
    public async Task A_plain_offer_to_a_browser_asks_for_SAVPF_with_ICE_rtcp_mux_and_the_passive_DTLS_role()
    {
        await _anchor.OfferAsync(Offer(SipMediaProfile.Plain, SipMediaProfile.WebRtc, PlainSdp), CancellationToken.None);

        var request = Assert.Single(Requests()).Request;
        Assert.Equal("offer", Text(request, "command"));
        Assert.Equal("UDP/TLS/RTP/SAVPF", Text(request, "transport-protocol"));
        Assert.Equal("force", Text(request, "ICE"));
        Assert.Equal("passive", Text(request, "DTLS"));
        Assert.Equal(["require"], List(request, "rtcp-mux"));
    }

    [Fact]
    public async Task The_answer_of_an_anchored_call_is_sent_with_the_offerers_WebRTC_profile_and_the_to_tag_leaving_the_DTLS_role_to_the_media_server()
    {
        await _anchor.OfferAsync(Offer(SipMediaProfile.WebRtc, SipMediaProfile.Plain, BrowserSdp), CancellationToken.None);
        var answer = new SipMediaAnswer(new SipMediaDialog("call-1", "caller-tag", "callee-tag"), PlainSdp, false, SipMediaProfile.Plain);

        var result = await _anchor.AnswerAsync(answer, CancellationToken.None);

        Assert.Equal(SipMediaAnchorOutcome.Rewritten, result.Outcome);
        var request = Requests()[^1].Request;
        Assert.Equal("answer", Text(request, "command"));
        Assert.Equal("callee-tag", Text(request, "to-tag"));
        Assert.Equal("UDP/TLS/RTP/SAVPF", Text(request, "transport-protocol"));
        Assert.Equal("force", Text(request, "ICE"));
        Assert.False(request.TryGetValue("DTLS", out _), "a DTLS role in the answer resets rtpengine's running handshake");
        Assert.Equal(["require"], List(request, "rtcp-mux"));
    }

    [Fact]
    public async Task A_call_between_two_plain_sides_is_not_sent_and_its_answer_and_teardown_are_not_either()
    {
        var offer = await _anchor.OfferAsync(Offer(SipMediaProfile.Plain, SipMediaProfile.Plain, PlainSdp), CancellationToken.None);
        var answer = await _anchor.AnswerAsync(new SipMediaAnswer(new SipMediaDialog("call-1", "caller-tag", "callee-tag"), PlainSdp, false, SipMediaProfile.Plain), CancellationToken.None);
        await _anchor.DeleteAsync(new SipMediaDialog("call-1", "caller-tag"), CancellationToken.None);

        Assert.Equal(SipMediaAnchorOutcome.Unchanged, offer.Outcome);
        Assert.Equal(SipMediaAnchorOutcome.Unchanged, answer.Outcome);
        Assert.Empty(Requests());
    }

    [Fact]
    public async Task With_AnchorPlainCalls_a_call_between_two_plain_sides_is_sent_as_a_plain_offer_and_its_answer_and_teardown_follow()
    {
        await using var anchor = Create(TimeSpan.FromSeconds(2), 3, anchorPlainCalls: true);

        var offer = await anchor.OfferAsync(Offer(SipMediaProfile.Plain, SipMediaProfile.Plain, PlainSdp), CancellationToken.None);
        var answer = await anchor.AnswerAsync(new SipMediaAnswer(new SipMediaDialog("call-1", "caller-tag", "callee-tag"), PlainSdp, false, SipMediaProfile.Plain), CancellationToken.None);
        await anchor.DeleteAsync(new SipMediaDialog("call-1", "caller-tag"), CancellationToken.None);

        Assert.Equal(SipMediaAnchorOutcome.Rewritten, offer.Outcome);
        Assert.Equal(SipMediaAnchorOutcome.Rewritten, answer.Outcome);
        // One per command (a retransmission under load repeats its cookie).
        var commands = Requests().DistinctBy(r => r.Cookie).ToList();
        Assert.Equal(["offer", "answer", "delete"], commands.Select(r => Text(r.Request, "command")));
        Assert.Equal("RTP/AVP", Text(commands[0].Request, "transport-protocol"));
        Assert.Equal("RTP/AVP", Text(commands[1].Request, "transport-protocol"));
    }

    [Fact]
    public async Task Teardown_sends_a_delete_and_forgets_the_call_so_a_late_answer_passes_unchanged()
    {
        await _anchor.OfferAsync(Offer(SipMediaProfile.WebRtc, SipMediaProfile.Plain, BrowserSdp), CancellationToken.None);
        await _anchor.DeleteAsync(new SipMediaDialog("call-1", "caller-tag"), CancellationToken.None);
        var late = await _anchor.AnswerAsync(new SipMediaAnswer(new SipMediaDialog("call-1", "caller-tag", "callee-tag"), PlainSdp, false, SipMediaProfile.Plain), CancellationToken.None);

        Assert.Equal("delete", Text(Requests()[^1].Request, "command"));
        Assert.Equal(2, Requests().Count);
        Assert.Equal(SipMediaAnchorOutcome.Unchanged, late.Outcome);
    }

    [Fact]
    public async Task An_error_reply_refuses_the_offer_with_488_and_a_load_limit_with_503()
    {
        _reply = _ => Dictionary(("result", "error"), ("error-reason", "Failed to parse SDP"));
        var error = await _anchor.OfferAsync(Offer(SipMediaProfile.WebRtc, SipMediaProfile.Plain, BrowserSdp), CancellationToken.None);
        _reply = _ => Dictionary(("result", "load limit"), ("message", "full"));
        var full = await _anchor.OfferAsync(Offer(SipMediaProfile.Plain, SipMediaProfile.WebRtc, PlainSdp, "call-2"), CancellationToken.None);

        Assert.Equal((SipMediaAnchorOutcome.Refused, 488), (error.Outcome, error.StatusCode));
        Assert.Equal((SipMediaAnchorOutcome.Refused, 503), (full.Outcome, full.StatusCode));
    }

    [Fact]
    public async Task A_silent_media_server_gets_the_command_once_per_attempt_with_one_cookie_and_the_offer_is_refused_with_503()
    {
        _reply = _ => null;
        await using var anchor = Create(TimeSpan.FromMilliseconds(100), 3);

        var result = await anchor.OfferAsync(Offer(SipMediaProfile.WebRtc, SipMediaProfile.Plain, BrowserSdp), CancellationToken.None);

        Assert.Equal((SipMediaAnchorOutcome.Refused, 503), (result.Outcome, result.StatusCode));
        var sent = Requests();
        Assert.Equal(3, sent.Count);
        Assert.Single(sent.Select(s => s.Cookie).Distinct());
    }

    [Fact]
    public async Task Ping_is_true_only_when_the_server_answers_pong()
    {
        _reply = request => Text(request, "command") == "ping" ? Dictionary(("result", "pong")) : null;
        Assert.True(await _anchor.PingAsync(CancellationToken.None));
        _reply = _ => Dictionary(("result", "error"));
        Assert.False(await _anchor.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Beyond_MaxCalls_the_oldest_anchored_call_is_forgotten_so_its_answer_passes_unchanged()
    {
        await using var anchor = new NgMediaAnchor(
            Options.Create(new NgMediaAnchorOptions { Ng = $"udp:{_server.LocalEndPoint}", Timeout = TimeSpan.FromSeconds(2), MaxCalls = 2 }),
            NullLogger<NgMediaAnchor>.Instance,
            TimeProvider.System);
        foreach (var callId in new[] { "call-a", "call-b", "call-c" })
        {
            await anchor.OfferAsync(Offer(SipMediaProfile.WebRtc, SipMediaProfile.Plain, BrowserSdp, callId), CancellationToken.None);
        }

        SipMediaAnswer Answer(string callId) => new(new SipMediaDialog(callId, "caller-tag", "callee-tag"), PlainSdp, false, SipMediaProfile.Plain);
        Assert.Equal(SipMediaAnchorOutcome.Unchanged, (await anchor.AnswerAsync(Answer("call-a"), CancellationToken.None)).Outcome);
        Assert.Equal(SipMediaAnchorOutcome.Rewritten, (await anchor.AnswerAsync(Answer("call-b"), CancellationToken.None)).Outcome);
        Assert.Equal(SipMediaAnchorOutcome.Rewritten, (await anchor.AnswerAsync(Answer("call-c"), CancellationToken.None)).Outcome);
    }

    [Theory]
    [InlineData("udp:127.0.0.1:2223", true)]
    [InlineData("127.0.0.1:2223", true)]
    [InlineData("udp:[::1]:2223", true)]
    [InlineData("udp:127.0.0.1", false)]
    [InlineData("udp:rtpengine.example.net:2223", false)]
    [InlineData("", false)]
    public void The_ng_address_is_an_IP_literal_with_a_port(string text, bool valid) =>
        Assert.Equal(valid, NgMediaAnchor.TryParseAddress(text, out _));

    private NgMediaAnchor Create(TimeSpan timeout, int attempts, bool anchorPlainCalls = false) => new(
        Options.Create(new NgMediaAnchorOptions { Ng = $"udp:{_server.LocalEndPoint}", Timeout = timeout, Attempts = attempts, AnchorPlainCalls = anchorPlainCalls }),
        NullLogger<NgMediaAnchor>.Instance,
        TimeProvider.System);

    private static SipMediaOffer Offer(SipMediaProfile offerer, SipMediaProfile recipient, byte[] sdp, string callId = "call-1") =>
        new(new SipMediaDialog(callId, "caller-tag"), sdp, true, offerer, recipient);

    private List<(string Cookie, BencodeValue Request)> Requests()
    {
        lock (_received)
        {
            return [.. _received];
        }
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[65535];
        while (true)
        {
            var received = await _server.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
            var datagram = buffer.AsMemory(0, received.ReceivedBytes).ToArray();
            Assert.True(NgMessage.TrySplit(datagram, out var cookie, out var body));
            Assert.True(BencodeReader.TryRead(body.Span, out var request, out _));
            lock (_received)
            {
                _received.Add((Encoding.ASCII.GetString(cookie.Span), request!));
            }

            if (_reply(request!) is { } reply)
            {
                await _server.SendToAsync(NgMessage.Write(cookie.Span, reply), SocketFlags.None, received.RemoteEndPoint);
            }
        }
    }

    private static BencodeValue Dictionary(params (string Key, string Value)[] entries) =>
        BencodeValue.FromDictionary(entries.Select(e => new KeyValuePair<string, BencodeValue>(e.Key, BencodeValue.FromString(e.Value))));

    private static string? Text(BencodeValue dictionary, string key) => dictionary.TryGetValue(key, out var value) ? value.GetString() : null;

    private static byte[] Bytes(BencodeValue dictionary, string key) => dictionary.TryGetValue(key, out var value) ? value.Bytes.ToArray() : [];

    private static string[] List(BencodeValue dictionary, string key) =>
        dictionary.TryGetValue(key, out var value) ? [.. value.Items.Select(i => i.GetString())] : [];
}
