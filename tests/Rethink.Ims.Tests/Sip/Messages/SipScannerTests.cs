using FsCheck.Xunit;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>The parser's internal scanners agree with the plain definitions they speed up.</summary>
public class SipScannerTests
{
    [Fact]
    public void Constant_character_table_matches_the_class_definitions()
    {
        var built = SipSyntax.BuildTable();
        for (var c = 0; c < 256; c++)
        {
            var flags = SipSyntax.Flags((byte)c);
            Assert.True(built[c] == flags, $"byte 0x{c:X2}: built 0x{built[c]:X4}, table 0x{flags:X4}");
        }
    }

    private static readonly string[] UriParameterPool =
    [
        "transport=tcp", "TRANSPORT=ws", "Transport=udp", "transport", "lr", "LR", "lr=on", "%6C%72", "%6c%72=x",
        "%74ransport=sctp", "transport%3D=x", "maddr=10.0.0.1", "ttl=5", "user=phone", "ob", "x%41=1", "trans=1",
        "transports=tls", "l", "lrr",
    ];

    [Property(MaxTest = 500)]
    public void Transport_and_lr_read_from_the_scan_equal_a_search_of_the_parameters(int[] picks)
    {
        var text = "sip:alice@example.com" + string.Concat((picks ?? []).Select(p => ";" + UriParameterPool[(int)((uint)p % UriParameterPool.Length)]));
        Assert.True(SipUri.TryParse(text, out var uri), text);
        Assert.True(uri.Transport == uri.Parameters.GetValue("transport"u8), text);
        Assert.Equal(uri.Parameters.Contains("lr"u8), uri.IsLooseRouter);
    }

    [Theory]
    [InlineData("sip:a@b;transport=tcp", "tcp", false)]
    [InlineData("sip:a@b;%74ransport=udp;transport=tcp", "udp", false)]
    [InlineData("sip:a@b;%6C%72", "", true)]
    [InlineData("sip:a@b;LR;transport", "", true)]
    [InlineData("sip:a@b:5060;maddr=x", "", false)]
    public void Transport_and_lr_follow_the_first_matching_parameter(string text, string transport, bool lr)
    {
        var uri = SipUri.Parse(text);
        Assert.True(uri.Transport.Equals(transport));
        Assert.Equal(lr, uri.IsLooseRouter);
    }

    [Theory]
    [InlineData("sip:a@b", null)]
    [InlineData("sip:a@b:0", 0)]
    [InlineData("sip:a@b:65535", 65535)]
    [InlineData("sips:a:pw@b:5061?x=y", 5061)]
    public void Port_is_kept_with_its_absence(string text, int? port)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(port, uri.Port);
        Assert.Equal(text.Contains(":pw@", StringComparison.Ordinal), uri.HasPassword);
        Assert.Equal(text.Contains('?', StringComparison.Ordinal), uri.HasHeaders);
    }

    private static readonly byte[] HostAlphabet = "aZ09.-_;:@[ "u8.ToArray().Append((byte)0xC3).ToArray();

    [Property(MaxTest = 2000)]
    public void Vector_host_scan_agrees_with_the_byte_loop(int[] picks, int startPick)
    {
        var bytes = (picks ?? []).Take(70).Select(p => HostAlphabet[(int)((uint)p % HostAlphabet.Length)]).ToArray();
        var start = bytes.Length == 0 ? 0 : (int)((uint)startPick % bytes.Length);
        var vector = SipUri.ScanHostNameVector(bytes, start);
        if (vector != -2)
        {
            Assert.Equal(SipUri.ScanHostNameScalar(bytes, start), vector);
        }
    }

    [Theory]
    [InlineData("sip:a@host.example.com", "host.example.com")]
    [InlineData("sip:a@host.example.com.;x=y", "host.example.com.")]
    [InlineData("sip:a@0123456789abcdef.0123456789abcdef.example", "0123456789abcdef.0123456789abcdef.example")]
    [InlineData("sip:a@ab_c-d.e", "ab_c-d.e")]
    [InlineData("sip:192.0.2.1:5060", "192.0.2.1")]
    public void Host_names_of_every_length_are_read_whole(string text, string host)
    {
        Assert.True(SipUri.TryParse(text, out var uri), text);
        Assert.True(uri.Host.Equals(host), uri.Host.ToString());
    }

    [Theory]
    [InlineData("sip:a@.example.com")]
    [InlineData("sip:a@example..com")]
    [InlineData("sip:a@-example.com")]
    [InlineData("sip:a@example.-com")]
    [InlineData("sip:a@b:65536")]
    [InlineData("sip:a@b:")]
    public void Malformed_host_names_and_ports_are_rejected(string text) => Assert.False(SipUri.TryParse(text, out _), text);

    [Theory]
    [InlineData("sip:a@b:065535", 65535)]
    [InlineData("sip:a@b:0000005060", 5060)]
    public void Ports_may_have_leading_zeros(string text, int port) => Assert.Equal(port, SipUri.Parse(text).Port);

    private static readonly string[] NamePool = ["Via", "vIA", "Call-ID", "X-Custom", "Max Forwards", "To/x", "From@", "f", "Content-Length", "P-Preferred-Identity", "Subject(", ""];

    [Property(MaxTest = 500)]
    public void A_header_line_is_accepted_exactly_when_its_name_is_a_token(int pick, bool spaceBeforeColon)
    {
        var name = NamePool[(int)((uint)pick % NamePool.Length)];
        var isToken = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c, StringComparison.Ordinal));
        var text = "OPTIONS sip:b@example.com SIP/2.0\r\n" + name + (spaceBeforeColon ? " \t: v\r\n" : ": v\r\n") + "\r\n";
        var result = SipParser.Parse(System.Text.Encoding.ASCII.GetBytes(text), new SipParserOptions { Validation = SipValidation.None });
        Assert.Equal(isToken, result.Error != SipParseError.InvalidHeaderLine);
    }

    // Bytes the vector scanners must tell apart: class members of every kind, the stop bytes, escapes,
    // quotes, control bytes and bytes from 0x80 (which no class holds).
    private static readonly byte[] ScanAlphabet = "aZ09-.!%*_+`'~:[]@&=+$,;?/()\"<> \t\r\n"u8.ToArray().Concat(new byte[] { 0x00, 0x1F, 0x7F, 0x80, 0xA0, 0xC3, 0xFF }).ToArray();

    private static (byte[] Bytes, int Start) ScanInput(int[]? picks, int startPick)
    {
        var bytes = (picks ?? []).Take(70).Select(p => ScanAlphabet[(int)((uint)p % ScanAlphabet.Length)]).ToArray();
        return (bytes, bytes.Length == 0 ? 0 : (int)((uint)startPick % (bytes.Length + 1)));
    }

    private static int LoopWhile(byte[] s, int i, Func<byte, bool> member)
    {
        while (i < s.Length && member(s[i]))
        {
            i++;
        }

        return i;
    }

    [Property(MaxTest = 2000)]
    public void Vector_class_scans_agree_with_the_byte_loop(int[] picks, int startPick)
    {
        var (s, i) = ScanInput(picks, startPick);
        foreach (var (flag, nibbles) in new[]
        {
            (SipSyntax.Token, SipSyntax.TokenNibbles), (SipSyntax.GenValue, SipSyntax.GenValueNibbles), (SipSyntax.Word, SipSyntax.WordNibbles),
            (SipSyntax.User, SipSyntax.UserNibbles), (SipSyntax.Password, SipSyntax.PasswordNibbles),
            (SipSyntax.Param, SipSyntax.ParamNibbles), (SipSyntax.HeaderChar, SipSyntax.HeaderCharNibbles),
        })
        {
            Assert.Equal(LoopWhile(s, i, c => (SipSyntax.Flags(c) & flag) != 0), SipSyntax.ScanClass(s, i, flag, nibbles));
        }

        Assert.Equal(LoopWhile(s, i, SipSyntax.IsToken), SipSyntax.ScanTokenRun(s, i));
        Assert.Equal(LoopWhile(s, i, c => !SipSyntax.IsParamStop(c)), SipSyntax.ScanToParamStop(s, i));
        Assert.Equal(LoopWhile(s, i, c => !SipSyntax.IsValueStop(c)), SipSyntax.ScanToValueStop(s, i));
        var quote = LoopWhile(s, i, c => c is not (byte)'"' and not (byte)'\\');
        Assert.Equal(quote == s.Length ? -1 : quote, SipSyntax.IndexOfQuoteOrBackslash(s, i));
        var gt = s.AsSpan(i).IndexOf((byte)'>');
        Assert.Equal(gt < 0 ? -1 : i + gt, SipSyntax.IndexOfByte(s, i, (byte)'>'));
        Assert.Equal(s.AsSpan(i).Contains((byte)'\\'), SipSyntax.ContainsBackslash(s.AsSpan(i)));
    }

    [Property(MaxTest = 2000)]
    public void Backslash_test_of_short_values_agrees_with_a_search(byte[] bytes, int length, int at, bool plant)
    {
        // Every length from 0 to 20 (the word tests cover 4-15 bytes), bytes of any value, a backslash
        // planted at any position (first, last, or between the two overlapping words) or none.
        var n = (int)((uint)length % 21);
        var s = new byte[n];
        (bytes ?? []).AsSpan(0, Math.Min(n, bytes?.Length ?? 0)).CopyTo(s);
        if (plant && n > 0)
        {
            s[(int)((uint)at % n)] = (byte)'\\';
        }

        Assert.Equal(s.AsSpan().Contains((byte)'\\'), SipSyntax.ContainsBackslash(s));
    }

    [Property(MaxTest = 1000)]
    public void Escaped_runs_end_where_the_byte_loop_ends(int[] picks, int startPick)
    {
        var (s, i) = ScanInput(picks, startPick);
        static int Loop(byte[] s, int i, ushort flag)
        {
            while (i < s.Length)
            {
                if ((SipSyntax.Flags(s[i]) & flag) != 0)
                {
                    i++;
                    continue;
                }

                if (s[i] != '%')
                {
                    break;
                }

                if (i + 2 >= s.Length || !SipSyntax.IsHex(s[i + 1]) || !SipSyntax.IsHex(s[i + 2]))
                {
                    return -1;
                }

                i += 3;
            }

            return i;
        }

        Assert.Equal(Loop(s, i, SipSyntax.User), SipUriGrammar.ScanUser(s, i));
        Assert.Equal(Loop(s, i, SipSyntax.Password), SipUriGrammar.ScanPassword(s, i));
        Assert.Equal(Loop(s, i, SipSyntax.Param), SipSyntax.ScanEscaped(s, i, SipSyntax.Param));
    }

    [Fact]
    public void List_headers_are_the_same_in_the_bit_sets_as_in_the_definition()
    {
        foreach (var id in Enum.GetValues<SipHeaderId>())
        {
            Assert.Equal(SipHeaderNames.IsListHeader(id), SipHeaderNames.IsList(id));
        }
    }
}
