using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

internal static class SipTestExtensions
{
    public static List<T> ToList<T>(this SipHeaderValues<T> values)
        where T : struct, ISipHeaderValue<T>
    {
        var list = new List<T>();
        foreach (var v in values)
        {
            list.Add(v);
        }

        return list;
    }

    public static List<SipParameter> ToList(this SipParameters parameters)
    {
        var list = new List<SipParameter>();
        foreach (var p in parameters)
        {
            list.Add(p);
        }

        return list;
    }

    public static List<SipParameter> ToList(this SipAuthParameters parameters)
    {
        var list = new List<SipParameter>();
        foreach (var p in parameters)
        {
            list.Add(p);
        }

        return list;
    }

    public static List<SipHeader> ToList(this SipHeaders headers)
    {
        var list = new List<SipHeader>();
        foreach (var h in headers)
        {
            list.Add(h);
        }

        return list;
    }

    public static byte[] Bytes(this string s) => System.Text.Encoding.UTF8.GetBytes(s);

    public static SipMessage ParseOk(this string text, SipParserOptions? options = null)
    {
        var result = SipParser.Parse(text.Bytes(), options);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Message;
    }
}
