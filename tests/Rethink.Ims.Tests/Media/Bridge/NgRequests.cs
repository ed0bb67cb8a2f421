using System.Text;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>ng requests as Kamailio's rtpengine module sends them, for the bridge control's tests.</summary>
internal static class NgRequests
{
    /// <summary>A request; <paramref name="extra"/> is a bencoded dictionary of further keys (flags, ICE, transport-protocol).</summary>
    public static NgRequest Create(string command, string callId, string fromTag, string? sdp, string extra = "de", string? toTag = null)
    {
        var entries = new List<KeyValuePair<string, BencodeValue>>
        {
            new("command", BencodeValue.FromString(command)),
            new("call-id", BencodeValue.FromString(callId)),
            new("from-tag", BencodeValue.FromString(fromTag)),
        };
        if (sdp is not null)
        {
            entries.Add(new("sdp", BencodeValue.FromString(sdp)));
        }

        if (toTag is not null)
        {
            entries.Add(new("to-tag", BencodeValue.FromString(toTag)));
        }

        Assert.True(BencodeReader.TryRead((ReadOnlyMemory<byte>)Encoding.ASCII.GetBytes(extra), out var more, out var error), error.ToString());
        entries.AddRange(more!.Entries.Select(e => new KeyValuePair<string, BencodeValue>(Encoding.ASCII.GetString(e.Key.Span), e.Value)));
        Assert.True(NgRequest.TryParse(BencodeValue.FromDictionary(entries), out var request, out var parseError), parseError.ToString());
        return request;
    }
}
