using System.Text;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class NgResultTests
{
    private static string Encode(NgResult result) => Encoding.UTF8.GetString(BencodeWriter.ToArray(result.ToBencode()));

    [Fact]
    public void Writes_each_result_as_rtpengine_does()
    {
        Assert.Equal("d6:result4:ponge", Encode(NgResult.Pong));
        Assert.Equal("d6:result2:oke", Encode(NgResult.Ok()));
        Assert.Equal("d6:result2:ok3:sdp3:v=0e", Encode(NgResult.Ok("v=0")));
        Assert.Equal("d6:result2:ok3:sdp3:v=07:warning4:hmm!e", Encode(NgResult.Ok("v=0").WithWarning("hmm!")));
        Assert.Equal("d12:error-reason12:Unknown call6:result5:errore", Encode(NgResult.Fail("Unknown call")));
        Assert.Equal("d6:result10:load limite", Encode(NgResult.LoadLimit()));
        Assert.Equal("d7:message4:full6:result10:load limite", Encode(NgResult.LoadLimit("full")));
    }

    [Fact]
    public void Query_statistics_have_the_shape_kamailio_reads_for_rtpestat()
    {
        var result = NgResult.Ok().WithStatistics(new NgCallStatistics(
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_005),
            new NgTrafficTotals(1234, 56, 0),
            new NgTrafficTotals(78, 9, 1)));
        Assert.Equal(
            "d7:createdi1700000000e11:last signali1700000005e6:result2:ok" +
            "6:totalsd4:RTCPd5:bytesi78e6:errorsi1e7:packetsi9ee3:RTPd5:bytesi1234e6:errorsi0e7:packetsi56eeee",
            Encode(result));
        Assert.Equal(
            "d6:result2:ok6:totalsd4:RTCPd5:bytesi0e6:errorsi0e7:packetsi0ee3:RTPd5:bytesi0e6:errorsi0e7:packetsi0eeee",
            Encode(NgResult.Ok().WithStatistics(new NgCallStatistics(null, null, default, default))));
    }

    [Fact]
    public void Only_an_ok_result_takes_a_warning_or_statistics()
    {
        Assert.Throws<InvalidOperationException>(() => NgResult.Fail("x").WithWarning("y"));
        Assert.Throws<InvalidOperationException>(() => NgResult.Pong.WithStatistics(new NgCallStatistics(null, null, default, default)));
        Assert.Throws<ArgumentException>(() => NgResult.Fail(""));
    }

    [Fact]
    public void ToString_never_shows_the_sdp()
    {
        Assert.Equal("ok sdp=<13 bytes>", NgResult.Ok("a=ice-pwd:xyz").ToString());
        Assert.Equal("error: nope", NgResult.Fail("nope").ToString());
    }
}
