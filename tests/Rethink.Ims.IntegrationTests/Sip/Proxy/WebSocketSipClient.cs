using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>
/// A raw SIP-over-WebSocket client (RFC 7118, subprotocol <c>sip</c>) that registers with digest authentication the way a
/// browser does (.invalid contact, one Call-ID) and can drop its connection without unregistering, as a closed tab does.
/// </summary>
internal sealed class WebSocketSipClient : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly string _callId = Token();
    private readonly string _fromTag = Token();
    private readonly string _contactUser = Token();
    private int _cseq;

    private WebSocketSipClient()
    {
        _socket.Options.AddSubProtocol("sip");
    }

    public static async Task<WebSocketSipClient> ConnectAsync(int port)
    {
        var client = new WebSocketSipClient();
        await client._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"), CancellationToken.None);
        return client;
    }

    /// <summary>
    /// REGISTERs <c>sip:<paramref name="aorUser"/>@<paramref name="domain"/></c>; answers one 401 with
    /// (<paramref name="digestUsername"/>, <paramref name="password"/>) and returns the final response.
    /// </summary>
    public async Task<SipResponse> RegisterAsync(string digestUsername, string password, string aorUser = "alice", string domain = "example.com")
    {
        var requestUri = $"sip:{domain}";
        var response = await SendAsync(Register(aorUser, domain, authorization: null));
        if (response.StatusCode != 401 || response.Challenge is not { } digest)
        {
            return response;
        }

        const string nonceCount = "00000001";
        var cnonce = Token();
        var header = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Digest username=\"{digestUsername}\", realm=\"{digest.Realm}\", nonce=\"{digest.Nonce}\", uri=\"{requestUri}\", ");
        if (digest.OffersQopAuth)
        {
            var value = SipDigest.Response(digest.Algorithm, digestUsername, digest.Realm, password, "REGISTER", requestUri, digest.Nonce, "auth", nonceCount, cnonce);
            header.Append(CultureInfo.InvariantCulture, $"response=\"{value}\", algorithm={digest.Algorithm}, qop=auth, nc={nonceCount}, cnonce=\"{cnonce}\"");
        }
        else
        {
            var value = SipDigest.Response(digest.Algorithm, digestUsername, digest.Realm, password, "REGISTER", requestUri, digest.Nonce);
            header.Append(CultureInfo.InvariantCulture, $"response=\"{value}\", algorithm={digest.Algorithm}");
        }

        if (digest.Opaque is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{digest.Opaque}\"");
        }

        return await SendAsync(Register(aorUser, domain, header.ToString()));
    }

    /// <summary>Drops the connection without a closing handshake or an unregistration.</summary>
    public void Drop() => _socket.Abort();

    public void Dispose() => _socket.Dispose();

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private string Register(string aorUser, string domain, string? authorization)
    {
        var cseq = ++_cseq;
        var builder = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"REGISTER sip:{domain} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/WS client.invalid;branch=z9hG4bK{Token()}\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:{aorUser}@{domain}>;tag={_fromTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:{aorUser}@{domain}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {_callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} REGISTER\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: <sip:{_contactUser}@client.invalid;transport=ws>;expires=600\r\n")
            .Append("Expires: 600\r\n");
        if (authorization is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
        }

        return builder.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    private async Task<SipResponse> SendAsync(string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[65536];
        while (true)
        {
            var length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var response = SipResponse.TryParse(Encoding.UTF8.GetString(buffer, 0, length));
            if (response is { StatusCode: >= 200 } && response.GetHeader("CSeq")?.StartsWith(_cseq.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal) == true)
            {
                return response;
            }
        }
    }
}
