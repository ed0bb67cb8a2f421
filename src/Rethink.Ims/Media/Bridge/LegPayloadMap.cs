using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// What each payload type means on one leg (from the leg's negotiated m-line) and what the bridge sends there: the
/// first audio codec of the answer and telephone-event at that codec's clock rate, if negotiated. On a leg where the
/// bridge made the offer, every format it offered is also understood on receipt: an answerer may send any of them
/// (RFC 3264 §6.1; Chrome sends the offer's first codec even when its answer lists only opus). A 128-entry table so
/// the per-packet look-up is one index.
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

    /// <param name="formats">The leg's negotiated formats (the answer's), in preference order: they set what we send.</param>
    /// <param name="alsoReceive">Formats we offered on this leg: understood on receipt where the answer left the payload type free.</param>
    public static LegPayloadMap From(IEnumerable<PayloadFormat> formats, IEnumerable<PayloadFormat>? alsoReceive = null)
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

        foreach (var format in alsoReceive ?? [])
        {
            if (format.PayloadType is < 0 or > 127 || map._entries[format.PayloadType].Kind != PayloadKind.None)
            {
                continue;
            }

            if (format.IsTelephoneEvent)
            {
                map._entries[format.PayloadType] = new Entry(PayloadKind.TelephoneEvent, default, format.ClockRate);
            }
            else if (TryGetCodec(format, out var codec))
            {
                map._entries[format.PayloadType] = new Entry(PayloadKind.Audio, codec, format.ClockRate);
            }
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
