using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Media.Codecs;

namespace Rethink.Ims.Tests.Media.Codecs;

public class TelephoneEventTests
{
    [Fact]
    public void Reads_event_end_bit_volume_and_duration_from_the_RFC_4733_layout()
    {
        // Digit 5, E set, R set (must be ignored), volume 10 (-10 dBm0), duration 800 (100 ms at 8 kHz).
        byte[] payload = [0x05, 0x80 | 0x40 | 10, 0x03, 0x20];

        Assert.True(TelephoneEvent.TryRead(payload, out TelephoneEvent report));

        Assert.Equal(new TelephoneEvent(5, end: true, volume: 10, duration: 800), report);
    }

    [Fact]
    public void Writes_the_RFC_4733_layout_with_R_zero()
    {
        var payload = new byte[4];

        Assert.True(new TelephoneEvent(11, end: false, volume: 63, duration: 0xABCD).TryWrite(payload));

        Assert.Equal(new byte[] { 11, 63, 0xAB, 0xCD }, payload);
    }

    [Fact]
    public void Short_buffers_and_loud_volumes_are_refused()
    {
        Assert.False(TelephoneEvent.TryRead(new byte[3], out _));
        Assert.False(new TelephoneEvent(1, false, 0, 0).TryWrite(new byte[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelephoneEvent(1, false, 64, 0));
    }

    private static Gen<TelephoneEvent> Reports(int maxDuration = ushort.MaxValue) =>
        from code in Gen.Choose(0, 255)
        from end in Gen.Elements(true, false)
        from volume in Gen.Choose(0, TelephoneEvent.MaxVolume)
        from duration in Gen.Choose(0, maxDuration)
        select new TelephoneEvent((byte)code, end, (byte)volume, (ushort)duration);

    [Property]
    public Property Write_then_read_gives_the_same_report() =>
        Prop.ForAll(Reports().ToArbitrary(), report =>
        {
            var payload = new byte[4];
            return report.TryWrite(payload) && TelephoneEvent.TryRead(payload, out TelephoneEvent read) && read == report;
        });

    [Fact]
    public void From_8k_to_48k_timestamps_and_durations_scale_by_six_from_the_origins()
    {
        var translator = new TelephoneEventTranslator(8000, 48000, sourceOrigin: 1000, targetOrigin: 50000);

        TranslatedTelephoneEvent result = translator.Translate(1160, new TelephoneEvent(1, false, 10, 400));

        Assert.Equal(50000u + (160 * 6), result.Timestamp);
        Assert.Equal(new TelephoneEvent(1, false, 10, 2400), result.Event);
        Assert.Equal(0, result.Segment);
    }

    [Fact]
    public void From_48k_to_8k_start_and_end_round_down_alike()
    {
        var translator = new TelephoneEventTranslator(48000, 8000, sourceOrigin: 0, targetOrigin: 0);

        // Start 965 -> 160.83 -> 160; end 965 + 2405 = 3370 -> 561.67 -> 561; duration 401.
        TranslatedTelephoneEvent result = translator.Translate(965, new TelephoneEvent(4, true, 7, 2405));

        Assert.Equal(160u, result.Timestamp);
        Assert.Equal(401, result.Event.Duration);
        Assert.True(result.Event.End);
    }

    [Fact]
    public void Timestamps_wrap_around_32_bits_on_both_legs()
    {
        var translator = new TelephoneEventTranslator(8000, 48000, sourceOrigin: uint.MaxValue - 99, targetOrigin: uint.MaxValue - 5);

        // 200 ticks after the source origin (past the wrap) is 1200 ticks after the target origin.
        Assert.Equal(1194u, translator.TranslateTimestamp(100));
        // 100 ticks before the origin maps to 600 before.
        Assert.Equal(uint.MaxValue - 605, translator.TranslateTimestamp(uint.MaxValue - 199));
    }

    [Fact]
    public void A_duration_overflowing_16_bits_at_the_target_rate_continues_in_a_new_segment()
    {
        var translator = new TelephoneEventTranslator(8000, 48000, sourceOrigin: 0, targetOrigin: 0);

        // 20,000 ticks at 8 kHz (2.5 s) are 120,000 at 48 kHz: one full segment of 0xFFFF, then 54,465.
        TranslatedTelephoneEvent result = translator.Translate(800, new TelephoneEvent(9, false, 0, 20000));

        Assert.Equal(1, result.Segment);
        Assert.Equal(4800u + 0xFFFF, result.Timestamp);
        Assert.Equal(120000 - 0xFFFF, result.Event.Duration);

        // Exactly 0xFFFF still fits the first segment.
        TranslatedTelephoneEvent edge = new TelephoneEventTranslator(1, 1, 0, 0).Translate(7, new TelephoneEvent(9, false, 0, 0xFFFF));
        Assert.Equal((0, 7u, (ushort)0xFFFF), (edge.Segment, edge.Timestamp, edge.Event.Duration));
    }

    [Property]
    public Property Going_to_48k_and_back_to_8k_gives_the_original_report() =>
        Prop.ForAll(
            (from report in Reports(ushort.MaxValue / 6)
             from sourceOrigin in ArbMap.Default.GeneratorFor<uint>()
             from targetOrigin in ArbMap.Default.GeneratorFor<uint>()
             // Any instant the 48 kHz clock can tell apart from the origin: within 2^31 ticks of it.
             from offset in Gen.Choose(-(int.MaxValue / 6), int.MaxValue / 6)
             select (report, sourceOrigin, targetOrigin, unchecked(sourceOrigin + (uint)offset))).ToArbitrary(),
            t =>
            {
                (TelephoneEvent report, uint sourceOrigin, uint targetOrigin, uint timestamp) = t;
                var up = new TelephoneEventTranslator(8000, 48000, sourceOrigin, targetOrigin);
                var down = new TelephoneEventTranslator(48000, 8000, targetOrigin, sourceOrigin);
                TranslatedTelephoneEvent there = up.Translate(timestamp, report);
                TranslatedTelephoneEvent back = down.Translate(there.Timestamp, there.Event);
                return back.Timestamp == timestamp && back.Event == report;
            });

    [Fact]
    public void Payloads_translate_into_payloads()
    {
        var translator = new TelephoneEventTranslator(8000, 48000, 0, 0);
        var target = new byte[4];

        Assert.True(translator.TryTranslate(160, [0x0A, 0x8F, 0x00, 0xA0], target, out uint timestamp));

        Assert.Equal(960u, timestamp);
        Assert.Equal(new byte[] { 0x0A, 0x8F, 0x03, 0xC0 }, target);
        Assert.False(translator.TryTranslate(160, [0x0A, 0x8F, 0x00], target, out _));
        Assert.False(translator.TryTranslate(160, new byte[8], target, out _));
        Assert.False(translator.TryTranslate(160, new byte[4], new byte[3], out _));
    }
}
