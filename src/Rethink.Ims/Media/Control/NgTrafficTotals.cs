namespace Rethink.Ims.Media.Control;

/// <summary>Packet counters for one kind of traffic (RTP or RTCP) of a call.</summary>
/// <param name="Bytes">Bytes received.</param>
/// <param name="Packets">Packets received.</param>
/// <param name="Errors">Packets that could not be handled.</param>
public readonly record struct NgTrafficTotals(long Bytes, long Packets, long Errors)
{
    internal BencodeValue ToBencode() => BencodeValue.FromDictionary([
        new KeyValuePair<string, BencodeValue>("bytes", BencodeValue.FromInteger(Bytes)),
        new KeyValuePair<string, BencodeValue>("packets", BencodeValue.FromInteger(Packets)),
        new KeyValuePair<string, BencodeValue>("errors", BencodeValue.FromInteger(Errors)),
    ]);
}
