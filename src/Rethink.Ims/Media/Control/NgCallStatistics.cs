namespace Rethink.Ims.Media.Control;

/// <summary>
/// What a <c>query</c> (or <c>delete</c>) reply reports about a call, in the shape Kamailio reads:
/// <c>created</c> and <c>last signal</c> as UNIX seconds, and <c>totals</c> with <c>RTP</c> and <c>RTCP</c>
/// counters, from which <c>$rtpestat</c> is printed.
/// </summary>
/// <param name="Created">When the session was created, if known.</param>
/// <param name="LastSignal">When the last offer or answer was handled, if known.</param>
/// <param name="Rtp">RTP counters.</param>
/// <param name="Rtcp">RTCP counters.</param>
public sealed record NgCallStatistics(DateTimeOffset? Created, DateTimeOffset? LastSignal, NgTrafficTotals Rtp, NgTrafficTotals Rtcp)
{
    internal IEnumerable<KeyValuePair<string, BencodeValue>> ToEntries()
    {
        if (Created is { } created)
        {
            yield return new("created", BencodeValue.FromInteger(created.ToUnixTimeSeconds()));
        }

        if (LastSignal is { } lastSignal)
        {
            yield return new("last signal", BencodeValue.FromInteger(lastSignal.ToUnixTimeSeconds()));
        }

        yield return new("totals", BencodeValue.FromDictionary([
            new KeyValuePair<string, BencodeValue>("RTP", Rtp.ToBencode()),
            new KeyValuePair<string, BencodeValue>("RTCP", Rtcp.ToBencode()),
        ]));
    }
}
