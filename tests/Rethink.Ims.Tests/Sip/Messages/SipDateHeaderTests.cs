using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipDateHeaderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Date_text_is_the_RFC_1123_form_and_is_made_once_per_second()
    {
        var date = new SipDateHeader();

        var first = date.Format(Noon.AddMilliseconds(100));
        var sameSecond = date.Format(Noon.AddMilliseconds(900));

        Assert.Equal("Fri, 27 Nov 2026 12:00:00 GMT", first);
        Assert.Same(first, sameSecond);
    }

    [Fact]
    public void Date_text_follows_the_clock_to_the_next_second_and_back()
    {
        var date = new SipDateHeader();
        date.Format(Noon);

        Assert.Equal("Fri, 27 Nov 2026 12:00:01 GMT", date.Format(Noon.AddSeconds(1)));
        Assert.Equal("Fri, 27 Nov 2026 12:00:00 GMT", date.Format(Noon));
        Assert.Equal("Fri, 27 Nov 2026 13:00:00 GMT", date.Format(Noon.ToOffset(TimeSpan.FromHours(2)).AddHours(1)));
    }
}
