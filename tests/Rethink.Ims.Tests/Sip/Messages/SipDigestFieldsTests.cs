using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>The digest fields found in one walk are what a lookup per field finds.</summary>
public class SipDigestFieldsTests
{
    private static readonly string[] Names =
        ["username", "realm", "nonce", "uri", "response", "algorithm", "qop", "cnonce", "nc", "opaque", "NONCE", "Username", "x-other", "nc2"];

    private static readonly string[] Values =
        ["abc", "\"quoted value\"", "\"with \\\" escape\"", "\"\"", "00000001", "sip:alice@example.com", "MD5", "\"a,b\"", "auth"];

    [Fact]
    public void A_JsSIP_response_reads_every_field()
    {
        var fields = Read(
            "Digest algorithm=MD5, username=\"alice\", realm=\"sip.example.com\", nonce=\"65a3c0e1\", uri=\"sip:sip.example.com\", "
            + "response=\"3f0f5a2c1b8e9d7c6a5b4e3d2c1b0a99\", qop=auth, cnonce=\"q8ivbpqo7fik\", nc=00000001");

        Assert.Equal("alice", fields.Username.ToString());
        Assert.Equal("sip.example.com", fields.Realm.ToString());
        Assert.Equal("65a3c0e1", fields.Nonce.ToString());
        Assert.Equal("sip:sip.example.com", fields.Uri.ToString());
        Assert.Equal("3f0f5a2c1b8e9d7c6a5b4e3d2c1b0a99", fields.Response.ToString());
        Assert.Equal("MD5", fields.Algorithm.ToString());
        Assert.Equal("auth", fields.Qop.ToString());
        Assert.Equal("q8ivbpqo7fik", fields.Cnonce.ToString());
        Assert.Equal("00000001", fields.Nc.ToString());
    }

    [Property(MaxTest = 300)]
    public Property Each_field_read_in_one_walk_is_the_value_a_lookup_by_name_gives() =>
        Prop.ForAll(
            Gen.Zip(Gen.Elements(Names), Gen.Elements(Values)).ListOf().Select(list => "Digest " + string.Join(", ", list.Select(p => p.Item1 + "=" + p.Item2))).ToArbitrary(),
            header =>
            {
                Assert.True(SipAuthHeaderValue.TryParse(Encoding.UTF8.GetBytes(header), out var credentials) || header == "Digest ");
                var fields = credentials.Parameters.ReadDigestFields();
                var p = credentials.Parameters;
                return Same(fields.Username, p.GetValue("username"u8)) && Same(fields.Realm, p.GetValue("realm"u8))
                    && Same(fields.Nonce, p.GetValue("nonce"u8)) && Same(fields.Uri, p.GetValue("uri"u8))
                    && Same(fields.Response, p.GetValue("response"u8)) && Same(fields.Algorithm, p.GetValue("algorithm"u8))
                    && Same(fields.Qop, p.GetValue("qop"u8)) && Same(fields.Cnonce, p.GetValue("cnonce"u8)) && Same(fields.Nc, p.GetValue("nc"u8));
            });

    private static SipDigestFields Read(string header)
    {
        Assert.True(SipAuthHeaderValue.TryParse(Encoding.UTF8.GetBytes(header), out var credentials));
        return credentials.Parameters.ReadDigestFields();
    }

    private static bool Same(SipText a, SipText b) => a.Span.SequenceEqual(b.Span);
}
