using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Media.Dtls;

/// <summary>
/// A real DTLS 1.2 peer: OpenSSL's <c>s_server</c> or <c>s_client</c> with DTLS-SRTP and the RFC 5705 exporter
/// (label <c>EXTRACTOR-dtls_srtp</c>), on 127.0.0.1. It prints the negotiated profile and the exported keying
/// material, which the tests compare with ours. Disposing stops it and removes its identity.
/// </summary>
internal sealed partial class OpenSslDtls : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly OpenSslIdentity _identity;

    private OpenSslDtls(ExternalProcess process, OpenSslIdentity identity, int port)
    {
        _process = process;
        _identity = identity;
        Port = port;
    }

    /// <summary>The port <c>s_server</c> listens on (0 for <c>s_client</c>).</summary>
    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Everything OpenSSL printed so far.</summary>
    public string Log => _process.ReadLog([], maxLines: 1000);

    /// <summary>The profile from <c>SRTP Extension negotiated, profile=NAME</c>, or null.</summary>
    public string? NegotiatedSrtpProfile => ProfileLine().Match(Log) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Starts <c>s_server</c> (asking for a client certificate) on a free port and waits until it listens.</summary>
    public static async Task<OpenSslDtls> StartServerAsync(OpenSslIdentity identity, string srtpProfiles, int exportLength)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Udp();
            var peer = Start(identity, port, ["s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-verify", "1"], srtpProfiles, exportLength);
            if (await peer.WaitForLogAsync(l => l.StartsWith("ACCEPT", StringComparison.Ordinal), TimeSpan.FromSeconds(10)) is not null)
            {
                return peer;
            }

            var log = peer.Log;
            await peer._process.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("openssl s_server did not start:\n" + log);
            }
        }
    }

    /// <summary>Starts <c>s_client</c> against 127.0.0.1:<paramref name="port"/>.</summary>
    public static OpenSslDtls StartClient(OpenSslIdentity identity, int port, string srtpProfiles, int exportLength, params string[] extra) =>
        Start(identity, 0, ["s_client", "-dtls1_2", "-connect", $"127.0.0.1:{port}", .. extra], srtpProfiles, exportLength);

    /// <summary>Waits for the line <c>Keying material: HEX</c> and returns the bytes, or null after <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> WaitForKeyingMaterialAsync(TimeSpan timeout)
    {
        var line = await WaitForLogAsync(l => KeyingMaterialLine().IsMatch(l), timeout);
        return line is null ? null : Convert.FromHexString(KeyingMaterialLine().Match(line).Groups[1].Value);
    }

    /// <summary>Waits for a log line matching <paramref name="predicate"/>; null after <paramref name="timeout"/>.</summary>
    public async Task<string?> WaitForLogAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var line = Log.Split('\n').Select(l => l.Trim()).FirstOrDefault(predicate);
            if (line is not null || watch.Elapsed > timeout)
            {
                return line;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _identity.Dispose();
    }

    private static OpenSslDtls Start(OpenSslIdentity identity, int port, string[] arguments, string srtpProfiles, int exportLength)
    {
        // stdin stays open (ExternalProcess redirects it): s_server and s_client quit when it closes.
        string[] all =
        [
            .. arguments, "-cert", identity.CertificatePath, "-key", identity.KeyPath,
            "-use_srtp", srtpProfiles, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", exportLength.ToString(CultureInfo.InvariantCulture),
        ];
        var log = Path.Combine(identity.Directory, $"openssl-{Guid.NewGuid():N}.log");
        return new OpenSslDtls(ExternalProcess.Start(OpenSslIdentity.OpenSsl, all, log), identity, port);
    }

    [GeneratedRegex(@"Keying material: ([0-9A-Fa-f]+)")]
    private static partial Regex KeyingMaterialLine();

    [GeneratedRegex(@"SRTP Extension negotiated, profile=(\S+)")]
    private static partial Regex ProfileLine();
}
