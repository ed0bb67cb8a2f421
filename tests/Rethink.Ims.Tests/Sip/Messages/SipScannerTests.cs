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
}
