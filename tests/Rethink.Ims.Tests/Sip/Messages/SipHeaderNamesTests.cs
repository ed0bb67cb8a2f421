using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipHeaderNamesTests
{
    public static TheoryData<SipHeaderId> KnownIds()
    {
        var data = new TheoryData<SipHeaderId>();
        foreach (var id in Enum.GetValues<SipHeaderId>().Where(i => i != SipHeaderId.Unknown))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KnownIds))]
    public void Every_known_name_is_found_in_any_case_and_its_near_misses_are_not(SipHeaderId id)
    {
        var name = SipHeaderNames.GetName(id);

        Assert.Equal(id, SipHeaderNames.Lookup(name));
        Assert.Equal(id, SipHeaderNames.Lookup(name.ToUpperInvariant()));
        Assert.Equal(id, SipHeaderNames.Lookup(name.ToLowerInvariant()));
        Assert.Equal(id, SipHeaderNames.Lookup(Encoding.ASCII.GetBytes(name)));
        Assert.Equal(SipHeaderId.Unknown, SipHeaderNames.Lookup(name + "x"));
        Assert.Equal(SipHeaderId.Unknown, SipHeaderNames.Lookup("x" + name[1..]));
        Assert.Equal(SipHeaderId.Unknown, SipHeaderNames.Lookup(name[..^1] + "_"));
        if (SipHeaderNames.GetCompactForm(id) is { } compact)
        {
            Assert.Equal(id, SipHeaderNames.Lookup(compact.ToString()));
            Assert.Equal(id, SipHeaderNames.Lookup(char.ToUpperInvariant(compact).ToString()));
        }
    }

    [Theory]
    [InlineData("Call\rID")]
    [InlineData("Call ID")]
    [InlineData("")]
    [InlineData("n")]
    [InlineData("Max-Forwards:")]
    public void Non_names_are_unknown(string name)
    {
        Assert.Equal(SipHeaderId.Unknown, SipHeaderNames.Lookup(name));
    }
}
