using System.Globalization;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// A real Kamailio 5.6 registrar with auth_ephemeral (Kamailio/kamailio-registrar.cfg): UDP and TCP on
/// <see cref="Port"/>, WebSocket on <see cref="WsPort"/>, with a given secret and nonce lifetime, so it can stand
/// beside a SIP server sample configured alike.
/// </summary>
public sealed class RegistrarKamailio : IAsyncDisposable
{
    private readonly KamailioProcess _kamailio;
    private readonly string _secret;

    private RegistrarKamailio(KamailioProcess kamailio, string secret, int wsPort)
    {
        _kamailio = kamailio;
        _secret = secret;
        WsPort = wsPort;
    }

    /// <summary>SIP over UDP and TCP.</summary>
    public int Port => _kamailio.Endpoint.Port;

    /// <summary>SIP over WebSocket.</summary>
    public int WsPort { get; }

    /// <summary>The tail of its log, the secret redacted (auth_ephemeral logs it at start).</summary>
    public string Log => _kamailio.Diagnostics().Replace(_secret, "***", StringComparison.Ordinal);

    /// <summary>Starts it; <paramref name="nonceLifetime"/> becomes auth's <c>nonce_expire</c> (whole seconds).</summary>
    public static async Task<RegistrarKamailio> StartAsync(string secret, TimeSpan nonceLifetime)
    {
        if (secret.Length == 0 || secret.Any(c => c is '"' or '\\' or '\r' or '\n'))
        {
            throw new InvalidOperationException("The secret must be non-empty and free of quotes, backslashes and line breaks.");
        }

        // Read from the source tree (as the registrar's SIPp scenarios are), so the test project needs no copy rule for it.
        var template = Path.GetRelativePath(
            AppContext.BaseDirectory,
            Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "Kamailio", "kamailio-registrar.cfg"));
        var wsPort = 0;
        var kamailio = await KamailioProcess.StartAsync(template, (text, port) =>
        {
            wsPort = FreePort.Tcp();
            return text
                .Replace("{{PORT}}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{{WS_PORT}}", wsPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{{NONCE_EXPIRE}}", ((int)nonceLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{{SECRET}}", secret, StringComparison.Ordinal);
        }, "registrar, auth_ephemeral, UDP/TCP/WS");
        return new RegistrarKamailio(kamailio, secret, wsPort);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _kamailio.DisposeAsync();
}
