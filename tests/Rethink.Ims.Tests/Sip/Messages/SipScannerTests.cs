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
}
