using System.Globalization;
using System.Text.RegularExpressions;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// The Kamailio configuration docs/deployment.md gives for layouts 2 and 3, taken from the document itself (so the
/// tests prove what a reader copies): layout 2's whole configuration (WebSocket, registrar, proxy, auth_ephemeral),
/// with layout 3's <c>rtpengine</c> snippet merged as the document says (module and socket at the top, the offer and
/// delete block before the relay, the reply route at the end). Only addresses, ports, the domain and the secrets are
/// replaced, and three settings a test run needs are put in front (log to stderr, fewer worker processes).
/// </summary>
internal static partial class DeploymentDocKamailio
{
    private static string DocPath => Path.Combine(SamplePaths.RepositoryRoot, "docs", "deployment.md");

    public static string Render(int sipPort, int wsPort, int ngPort, string domain, string newestSecret, string olderSecret)
    {
        var doc = File.ReadAllText(DocPath);
        var kamailio = FirstCodeBlockAfter(doc, "## 2. ");
        var rtpengine = FirstCodeBlockAfter(doc, "## 3. ");

        kamailio = Replace(kamailio, "listen=udp:192.0.2.20:5060", $"listen=udp:127.0.0.1:{sipPort}");
        kamailio = Replace(kamailio, "listen=tcp:192.0.2.20:8080", $"listen=tcp:127.0.0.1:{wsPort}");
        kamailio = Replace(kamailio, "\"ims.example.net\"", $"\"{domain}\"");
        kamailio = Replace(kamailio, "\"<Ims:EphemeralAuth:Secrets:1 (older)>\"", $"\"{olderSecret}\"");
        kamailio = Replace(kamailio, "\"<Ims:EphemeralAuth:Secrets:0 (newest)>\"", $"\"{newestSecret}\"");

        rtpengine = Replace(rtpengine, "udp:127.0.0.1:2223", string.Create(CultureInfo.InvariantCulture, $"udp:127.0.0.1:{ngPort}"));
        var requestPart = rtpengine.IndexOf("# at the start of route[RELAY]", StringComparison.Ordinal);
        var replyPart = rtpengine.IndexOf("onreply_route[MEDIA_REPLY]", StringComparison.Ordinal);
        Assert.True(requestPart > 0 && replyPart > requestPart, "docs/deployment.md layout 3: the rtpengine snippet changed shape");
        var top = rtpengine[..requestPart];
        var beforeRelay = rtpengine[requestPart..replyPart];
        var replyRoute = rtpengine[replyPart..];

        kamailio = Replace(kamailio, "event_route[xhttp:request] {", top + "\nevent_route[xhttp:request] {");
        kamailio = Replace(kamailio, "route[RELAY] {", "route[RELAY] {\n" + beforeRelay);
        return "#!KAMAILIO\n# Test run only: log to stderr, two workers per listener.\nlog_stderror=yes\nchildren=2\ntcp_children=2\n\n"
            + kamailio + "\n" + replyRoute;
    }

    private static string FirstCodeBlockAfter(string doc, string heading)
    {
        var at = doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/deployment.md has no '{heading}' section");
        var block = CodeBlock().Match(doc, at);
        Assert.True(block.Success, $"docs/deployment.md '{heading}' has no code block");
        return block.Groups[1].Value;
    }

    /// <summary>Replaces exactly one occurrence, so a document that no longer says it fails the test instead of testing something else.</summary>
    private static string Replace(string text, string what, string with)
    {
        var first = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(first >= 0, $"docs/deployment.md: '{what}' not found in the Kamailio configuration");
        Assert.True(text.IndexOf(what, first + what.Length, StringComparison.Ordinal) < 0, $"docs/deployment.md: '{what}' found more than once");
        return string.Concat(text.AsSpan(0, first), with, text.AsSpan(first + what.Length));
    }

    [GeneratedRegex(@"```\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
