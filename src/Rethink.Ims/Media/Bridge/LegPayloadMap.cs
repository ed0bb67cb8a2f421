using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// What each payload type means on one leg (from the leg's negotiated m-line) and what the bridge sends there: the
/// first audio codec of the answer and telephone-event at that codec's clock rate, if negotiated. A 128-entry table
/// so the per-packet look-up is one index.
/// </summary>
internal sealed class LegPayloadMap
{
    private readonly Entry[] _entries = new Entry[128];

    private LegPayloadMap()
    {
    }

    public int SendPayloadType { get; private set; } = -1;

    public AudioCodec SendCodec { get; private set; }

    public int SendClockRate { get; private set; }

    public int TelephoneEventPayloadType { get; private set; } = -1;

    public int TelephoneEventClockRate { get; private set; }

    public string SendCodecName { get; private set; } = "none";

    public bool CanSendAudio => SendPayloadType >= 0;

    public ref readonly Entry this[int payloadType] => ref _entries[payloadType & 0x7F];

    public static LegPayloadMap From(IEnumerable<PayloadFormat> formats)
    {
        var map = new LegPayloadMap();
        var telephoneEvents = new List<PayloadFormat>();
        foreach (var format in formats)
        {
            if (format.PayloadType is < 0 or > 127)
            {
                continue;
            }

            if (format.IsTelephoneEvent)
            {
                map._entries[format.PayloadType] = new Entry(PayloadKind.TelephoneEvent, default, format.ClockRate);
                telephoneEvents.Add(format);
                continue;
            }

            if (TryGetCodec(format, out var codec))
            {
                map._entries[format.PayloadType] = new Entry(PayloadKind.Audio, codec, format.ClockRate);
                if (map.SendPayloadType < 0)
                {
                    map.SendPayloadType = format.PayloadType;
                    map.SendCodec = codec;
                    map.SendClockRate = format.ClockRate;
                    map.SendCodecName = format.EncodingName;
                }
            }
        }

        var te = telephoneEvents.FirstOrDefault(t => t.ClockRate == map.SendClockRate);
        if (te is not null)
        {
            map.TelephoneEventPayloadType = te.PayloadType;
            map.TelephoneEventClockRate = te.ClockRate;
        }

        return map;
    }

    public static bool TryGetCodec(PayloadFormat format, out AudioCodec codec)
    {
        if (string.Equals(format.EncodingName, "PCMU", StringComparison.OrdinalIgnoreCase) && format.ClockRate == 8000)
        {
            codec = AudioCodec.Pcmu;
            return true;
        }

        if (string.Equals(format.EncodingName, "PCMA", StringComparison.OrdinalIgnoreCase) && format.ClockRate == 8000)
        {
            codec = AudioCodec.Pcma;
            return true;
        }

        if (string.Equals(format.EncodingName, "opus", StringComparison.OrdinalIgnoreCase) && format.ClockRate == 48000)
        {
            codec = AudioCodec.Opus;
            return true;
        }

        codec = default;
        return false;
    }

    internal enum PayloadKind : byte
    {
        None,
        Audio,
        TelephoneEvent,
    }

    internal readonly record struct Entry(PayloadKind Kind, AudioCodec Codec, int ClockRate);
}
