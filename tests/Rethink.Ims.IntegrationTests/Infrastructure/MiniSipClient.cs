using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>
/// Just enough SIP over UDP on 127.0.0.1 to REGISTER with digest authentication against a real server:
/// one request, wait for its final response, no retransmissions (loopback does not lose datagrams),
/// every wait bounded so that a silent server fails the test quickly. Test code, not a SIP stack.
/// </summary>
public sealed class MiniSipClient : IDisposable
{
    /// <summary>How long to wait for a final response by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[65535];

    /// <summary>Opens a UDP socket on 127.0.0.1 (any port) that talks to <paramref name="server"/>.</summary>
    public MiniSipClient(IPEndPoint server, TimeSpan? timeout = null)
    {
        _server = server;
        _timeout = timeout ?? DefaultTimeout;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The address the client sends from and receives on.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The Contact URI the client registers.</summary>
    public string ContactUri(string user) => $"sip:{user}@{LocalEndPoint}";

    /// <summary>Sends an OPTIONS to <paramref name="domain"/> and returns the final response.</summary>
    public Task<SipResponse> OptionsAsync(string domain, CancellationToken cancellationToken = default)
    {
        var callId = NewToken();
        var request = BuildRequest("OPTIONS", $"sip:{domain}", $"sip:probe@{domain}", $"sip:{domain}", callId, NewToken(), 1, extraHeaders: null);
        return SendAsync(request, callId, 1, cancellationToken);
    }

    /// <summary>
    /// Registers <c>sip:<paramref name="aorUser"/>@<paramref name="domain"/></c>: sends a REGISTER without
    /// credentials, expects a 401 with a digest challenge, answers it for
    /// (<paramref name="digestUsername"/>, <paramref name="password"/>) and returns both responses.
    /// With <paramref name="answerRealm"/> the Authorization header names that realm instead of the challenged one.
    /// </summary>
    public async Task<RegisterOutcome> RegisterAsync(
        string digestUsername,
        string password,
        string domain = "example.com",
        string aorUser = "alice",
        string? answerRealm = null,
        CancellationToken cancellationToken = default)
    {
        var callId = NewToken();
        var fromTag = NewToken();
        var requestUri = $"sip:{domain}";
        var aor = $"sip:{aorUser}@{domain}";
        var contact = $"Contact: <{ContactUri(aorUser)}>\r\nExpires: 60\r\n";

        var challenge = await SendAsync(
            BuildRequest("REGISTER", requestUri, aor, aor, callId, fromTag, 1, contact), callId, 1, cancellationToken).ConfigureAwait(false);
        var digest = challenge.StatusCode == 401 ? challenge.Challenge : null;
        if (digest is null)
        {
            throw new InvalidOperationException($"Expected a 401 with a digest challenge, got:\n{challenge.Raw}");
        }

        var realm = answerRealm ?? digest.Realm;
        var authorization = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Digest username=\"{Quote(digestUsername)}\", realm=\"{Quote(realm)}\", ")
            .Append(CultureInfo.InvariantCulture, $"nonce=\"{Quote(digest.Nonce)}\", uri=\"{requestUri}\", ");
        if (digest.OffersQopAuth)
        {
            const string nonceCount = "00000001";
            var cnonce = NewToken();
            var response = SipDigest.Response(digest.Algorithm, digestUsername, realm, password, "REGISTER", requestUri, digest.Nonce, "auth", nonceCount, cnonce);
            authorization.Append(CultureInfo.InvariantCulture, $"response=\"{response}\", algorithm={digest.Algorithm}, qop=auth, nc={nonceCount}, cnonce=\"{cnonce}\"");
        }
        else
        {
            var response = SipDigest.Response(digest.Algorithm, digestUsername, realm, password, "REGISTER", requestUri, digest.Nonce);
            authorization.Append(CultureInfo.InvariantCulture, $"response=\"{response}\", algorithm={digest.Algorithm}");
        }

        if (digest.Opaque is not null)
        {
            authorization.Append(CultureInfo.InvariantCulture, $", opaque=\"{Quote(digest.Opaque)}\"");
        }

        var header = authorization.ToString();
        var final = await SendAsync(
            BuildRequest("REGISTER", requestUri, aor, aor, callId, fromTag, 2, contact + $"Authorization: {header}\r\n"),
            callId, 2, cancellationToken).ConfigureAwait(false);
        return new RegisterOutcome(challenge, final, header);
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private async Task<SipResponse> SendAsync(string request, string callId, int cseq, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        await _socket.SendToAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, _server, timeout.Token).ConfigureAwait(false);
        var expectedCSeq = string.Create(CultureInfo.InvariantCulture, $"{cseq} ");
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                var response = SipResponse.TryParse(Encoding.UTF8.GetString(_buffer, 0, received));
                if (response is null || response.StatusCode < 200 || response.GetHeader("Call-ID") != callId ||
                    response.GetHeader("CSeq")?.StartsWith(expectedCSeq, StringComparison.Ordinal) != true)
                {
                    continue; // provisional, stray or malformed: keep waiting until the deadline
                }

                return response;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No final response from {_server} within {_timeout.TotalSeconds:0.#} s to:\n{request}");
        }
    }

    private string BuildRequest(string method, string requestUri, string from, string to, string callId, string fromTag, int cseq, string? extraHeaders)
    {
        var builder = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {requestUri} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP {LocalEndPoint};branch=z9hG4bK{NewToken()};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <{from}>;tag={fromTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <{to}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} {method}\r\n")
            .Append(extraHeaders)
            .Append("User-Agent: Rethink.Ims.IntegrationTests\r\n")
            .Append("Content-Length: 0\r\n\r\n");
        return builder.ToString();
    }

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
