using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>
/// Every RFC 4475 torture message, handled at the parser layer as expectations.tsv says. Where the
/// RFC allows a lenient outcome (also-ok=parse) the parser's choice is pinned here and documented in
/// docs/sip-messages.md.
/// </summary>
public class Rfc4475ConformanceTests
{
    /// <summary>
    /// Messages where the RFC lets a liberal element accept, and the parser does with its default
    /// (Essential) validation: Date is not used by this stack; badbranch's transaction handling is the
    /// transaction layer's; regbadct's Contact is checked by the registrar, which reads Contacts
    /// (with <see cref="SipValidation.Full"/> the parser rejects it, see below).
    /// </summary>
    private static readonly HashSet<string> LenientChoices = ["baddate.dat", "badbranch.dat", "regbadct.dat"];

    /// <summary>Application rows whose defect is structural, so the parser's validator must flag it.</summary>
    private static readonly HashSet<string> StructuralApplicationRows = ["multi01.dat", "mcl01.dat", "insuf.dat"];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var row in SipTestData.Rfc4475Expectations())
        {
            data.Add(row[0]);
        }

        return data;
    }

    [Fact]
    public void Expectations_cover_all_49_messages()
    {
        var rows = SipTestData.Rfc4475Expectations();
        Assert.Equal(49, rows.Count);
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Sip", "Conformance", "rfc4475"), "*.dat")
            .Select(Path.GetFileName)
            .Order()
            .ToList();
        Assert.Equal(rows.Select(r => r[0]).Order(), files);
    }

    [Fact]
    public void Copied_messages_are_byte_identical_to_the_rfc_archive()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Sip", "Conformance", "rfc4475");
        var sums = File.ReadAllLines(Path.Combine(dir, "SHA256SUMS")).Where(l => l.Length > 0).ToList();

        Assert.Equal(49, sums.Count);
        foreach (var line in sums)
        {
            var (hash, file) = (line[..64], line[66..]);
            Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, file)))));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Message_is_handled_as_expectations_tsv_says(string file)
    {
        var row = SipTestData.Rfc4475Expectations().Single(r => r[0] == file);
        var (kind, expected, notes) = (row[2], row[3], row[4]);
        var outcome = ParserLayerOutcome(file, kind, expected, notes);

        var result = SipParser.Parse(SipTestData.Rfc4475(file));

        if (outcome == "parse")
        {
            Assert.True(result.IsSuccess, $"{file}: {result}");
            ReadEverything(result.Message);
            return;
        }

        Assert.False(result.IsSuccess, $"{file} parsed but should give {outcome}");
        if (outcome == "drop")
        {
            Assert.Equal(SipErrorDisposition.Drop, result.Failure.Disposition);
            Assert.Null(result.Failure.Request);
        }
        else
        {
            Assert.Equal(SipErrorDisposition.Respond, result.Failure.Disposition);
            Assert.Equal(int.Parse(outcome, System.Globalization.CultureInfo.InvariantCulture), result.Failure.StatusCode);
            Assert.NotNull(result.Failure.Request);
            Assert.False(string.IsNullOrEmpty(result.Failure.ReasonPhrase));

            // The answer can always be built from what was read, and carries the request's Via and CSeq.
            var response = SipResponse.CreateFor(result.Failure.Request, result.Failure.StatusCode, result.Failure.ReasonPhrase);
            var reparsed = SipParser.Parse(SipMessageWriter.ToArray(response), new SipParserOptions { Validation = SipValidation.None });
            Assert.True(reparsed.IsSuccess);
            Assert.Equal(result.Failure.Request.Headers.CountOf(SipHeaderId.Via), reparsed.Message.Headers.CountOf(SipHeaderId.Via));
            Assert.Equal(result.Failure.Request.Headers.GetValue(SipHeaderId.CSeq), reparsed.Message.Headers.GetValue(SipHeaderId.CSeq));
        }
    }

    [Theory]
    [InlineData("regbadct.dat", SipHeaderId.Contact)]
    [InlineData("badinv01.dat", SipHeaderId.Via)]
    public void Full_validation_rejects_malformed_contact_and_via_with_400(string file, SipHeaderId header)
    {
        var result = SipParser.Parse(SipTestData.Rfc4475(file), new SipParserOptions { Validation = SipValidation.Full });

        Assert.False(result.IsSuccess);
        Assert.Equal(SipParseError.InvalidHeaderValue, result.Failure.Error);
        Assert.Equal(header, result.Failure.Header);
        Assert.Equal(400, result.Failure.StatusCode);
    }

    [Fact]
    public void Regbadct_parses_by_default_but_its_contact_is_reported_malformed_to_the_reader()
    {
        var result = SipParser.Parse(SipTestData.Rfc4475("regbadct.dat"));

        Assert.True(result.IsSuccess);
        Assert.False(result.Message.Contact.AllValid);
        Assert.Equal(0, result.Message.Contact.Count);
    }

    [Fact]
    public void Every_valid_message_also_passes_full_validation()
    {
        foreach (var row in SipTestData.Rfc4475Expectations().Where(r => r[2] is "valid-parse" or "backward-compat"))
        {
            var result = SipParser.Parse(SipTestData.Rfc4475(row[0]), new SipParserOptions { Validation = SipValidation.Full });
            Assert.True(result.IsSuccess, $"{row[0]}: {result}");
        }
    }

    /// <summary>What the parser layer must do: "parse", "drop" or a status code.</summary>
    private static string ParserLayerOutcome(string file, string kind, string expected, string notes)
    {
        switch (kind)
        {
            case "valid-parse":
            case "backward-compat":
                return "parse";
            case "transaction":
                return "parse";
            case "application":
                // Verdicts of the registrar/proxy come later; only structural defects are the parser's.
                return StructuralApplicationRows.Contains(file) ? Status(expected) : "parse";
            case "invalid-parse":
                if (LenientChoices.Contains(file))
                {
                    Assert.Contains("also-ok=parse", notes, StringComparison.Ordinal);
                    return "parse";
                }

                return Status(expected);
            default:
                throw new InvalidOperationException("Unknown kind " + kind);
        }

        static string Status(string expected) => expected switch
        {
            "reject-400" => "400",
            "drop" => "drop",
            _ => expected,
        };
    }

    /// <summary>Reads every typed header the stack uses; none of it may throw.</summary>
    internal static void ReadEverything(SipMessage m)
    {
        foreach (var via in m.Via)
        {
            _ = via.Transport.ToString() + via.Host + via.Port + via.Branch + via.Received + via.Rport + via.HasRport;
            foreach (var p in via.Parameters)
            {
                _ = p.Name.ToString() + p.Value;
            }
        }

        _ = m.From.Uri.User.Unescape().ToString() + m.From.Tag + m.From.DisplayName;
        _ = m.To.Uri.Host.ToString() + m.To.Tag + m.To.DisplayName;
        _ = m.CallId.ToString() + m.CSeq + m.MaxForwards + m.Expires + m.ContentLength + m.ContentType.Subtype;
        foreach (var c in m.Contact)
        {
            _ = c.Uri.ToString() + c.Expires + c.Q + c.Instance + c.RegId + c.Uri.Parameters.Count;
        }

        foreach (var id in new[] { m.Route, m.RecordRoute, m.Path, m.ServiceRoute })
        {
            foreach (var r in id)
            {
                _ = r.Uri.Host.ToString() + r.Uri.IsLooseRouter;
            }
        }

        foreach (var a in m.Authorization)
        {
            foreach (var p in a.Parameters)
            {
                _ = p.Name.ToString() + p.Value.Unquote();
            }
        }

        foreach (var t in m.Supported)
        {
            _ = t.ToString();
        }

        foreach (var h in m.Headers)
        {
            _ = h.Name.ToString() + h.Value;
        }

        _ = m.TryGetDate(out _);
        _ = m.Body.Length;
        if (m is SipRequest r2)
        {
            _ = r2.Method.Name + r2.RequestUri.User.Unescape() + r2.RequestUri.Parameters.Count;
        }
    }
}
