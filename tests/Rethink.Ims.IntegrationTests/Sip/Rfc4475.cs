using System.Text;

namespace Rethink.Ims.IntegrationTests.Sip;

/// <summary>
/// What the SIP server sample answers to each RFC 4475 message sent alone over UDP: the parser's verdict where it
/// decides (expectations.tsv, with the lenient choices documented in docs/sip-messages.md); for the application-layer
/// messages (RFC 4475 §3.3) the answer expectations.tsv gives for a registrar/proxy (416, 420, 415, 483, 400, 401,
/// 200, responses dropped; the 200 rows are REGISTERs, which this authenticating registrar first answers 401 and then,
/// with a credential for the AoR's user, 200); else the sample's own behaviour: 200 to OPTIONS, nothing to ACK or to
/// responses, and for other requests the seed's route[AUTH] (domain example.com): REGISTER 401, a request from a local
/// domain 407, one neither from nor to it 403 Not relaying, in-dialog requests and CANCEL skip authentication; what
/// passes gets 501.
/// </summary>
internal static class Rfc4475
{
    internal sealed record Row(string File, string Kind, string Expected);

    /// <summary>Invalid messages the parser accepts by choice (RFC 4475 allows it; docs/sip-messages.md).</summary>
    private static readonly HashSet<string> LenientChoices = ["baddate.dat", "badbranch.dat", "regbadct.dat"];

    public static IReadOnlyList<Row> Rows() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Sip", "rfc4475", "expectations.tsv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(c => new Row(c[0], c[2], c[3]))];

    /// <summary>True for the REGISTERs expectations.tsv expects a registrar to accept (200): an authenticating registrar challenges them first.</summary>
    public static bool IsRegistrarAcceptance(Row row) => row.Kind == "application" && row.Expected == "200";

    /// <summary>The status expected back, or null for no answer (for <see cref="IsRegistrarAcceptance"/> rows: once authenticated).</summary>
    public static int? ExpectedStatus(Row row, byte[] message)
    {
        var tableDecides = row.Kind switch
        {
            "invalid-parse" => !LenientChoices.Contains(row.File),
            "application" => true,
            _ => false,
        };
        if (tableDecides)
        {
            return row.Expected switch
            {
                "reject-400" => 400,
                "drop" => null,
                _ => int.Parse(row.Expected, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        if (row.File == "badbranch.dat")
        {
            // The sample runs the transaction layer, which refuses a branch that is only the magic cookie (docs/sip-transactions.md).
            return 400;
        }

        var start = Encoding.ASCII.GetString(message, 0, Math.Min(message.Length, 64)).TrimStart('\r', '\n');
        var method = start[..start.IndexOf(' ', StringComparison.Ordinal)];
        return method switch
        {
            "SIP/2.0" => null,
            "ACK" => null,
            "OPTIONS" => 200,
            _ => RouteAuthStatus(message),
        };
    }

    /// <summary>The sample's answer after the OPTIONS responder: authentication, relay policy, registrar, 501.</summary>
    private static int RouteAuthStatus(byte[] message)
    {
        var request = Rethink.Ims.Sip.Messages.SipParser.Parse(message).Request
            ?? throw new InvalidOperationException("the parser was expected to accept this request");
        var from = request.From.Uri;
        var fromLocal = IsMyself(from);
        var inDialog = !request.To.Tag.IsEmpty;
        var kind = request.Method.Kind;
        if (!inDialog && kind != Rethink.Ims.Sip.Messages.SipMethodKind.Cancel)
        {
            if (kind == Rethink.Ims.Sip.Messages.SipMethodKind.Register)
            {
                return 401;
            }

            if (fromLocal)
            {
                return 407;
            }
        }

        return inDialog || fromLocal || IsMyself(request.RequestUri) ? 501 : 403;

        static bool IsMyself(Rethink.Ims.Sip.Messages.SipUri uri) =>
            uri.IsSip && (uri.Host.EqualsIgnoreCase("example.com") || uri.Host.EqualsIgnoreCase("127.0.0.1"));
    }
}
