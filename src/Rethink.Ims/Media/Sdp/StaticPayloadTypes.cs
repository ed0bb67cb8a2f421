namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// The static RTP payload types of RFC 3551 §6, which an m-line may list without an <c>a=rtpmap</c>
/// (a SIP phone's <c>m=audio 49170 RTP/AVP 0 8</c> means PCMU and PCMA).
/// </summary>
internal static class StaticPayloadTypes
{
    public static bool TryGet(int payloadType, out string encodingName, out int clockRate, out int? channels)
    {
        (encodingName, clockRate, channels) = payloadType switch
        {
            0 => ("PCMU", 8000, 1),
            3 => ("GSM", 8000, 1),
            4 => ("G723", 8000, 1),
            5 => ("DVI4", 8000, 1),
            6 => ("DVI4", 16000, 1),
            7 => ("LPC", 8000, 1),
            8 => ("PCMA", 8000, 1),
            9 => ("G722", 8000, 1),
            10 => ("L16", 44100, 2),
            11 => ("L16", 44100, 1),
            12 => ("QCELP", 8000, 1),
            13 => ("CN", 8000, 1),
            14 => ("MPA", 90000, (int?)null),
            15 => ("G728", 8000, 1),
            16 => ("DVI4", 11025, 1),
            17 => ("DVI4", 22050, 1),
            18 => ("G729", 8000, 1),
            25 => ("CelB", 90000, null),
            26 => ("JPEG", 90000, null),
            28 => ("nv", 90000, null),
            31 => ("H261", 90000, null),
            32 => ("MPV", 90000, null),
            33 => ("MP2T", 90000, null),
            34 => ("H263", 90000, null),
            _ => ("", 0, null),
        };
        return clockRate != 0;
    }
}
