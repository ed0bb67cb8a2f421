using FsCheck.Xunit;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Tests.Media.Rtp;

public class RtpSequenceTests
{
    [Property]
    public void Extend_recovers_any_extended_number_within_half_the_space(uint rollovers, ushort referenceSeq, short step)
    {
        var reference = ((ulong)(rollovers % 100000 + 1) << 16) | referenceSeq;
        var actual = (ulong)((long)reference + step);

        Assert.Equal(actual, RtpSequenceNumber.Extend((ushort)actual, reference));
    }

    [Property]
    public void Distance_is_antisymmetric_except_at_half_the_space(ushort a, ushort b)
    {
        var forward = RtpSequenceNumber.Distance(a, b);
        var backward = RtpSequenceNumber.Distance(b, a);
        Assert.True(forward == -backward || forward == short.MinValue);
        Assert.Equal(b, (ushort)(a + forward));
    }

    [Fact]
    public void Tracker_counts_rollovers_and_losses()
    {
        var tracker = new RtpSequenceTracker(minSequential: 0);
        foreach (var seq in new ushort[] { 65533, 65534, 65535, 1, 2 }) // 0 lost
        {
            Assert.Equal(RtpSequenceStatus.Accepted, tracker.Update(seq));
        }

        Assert.Equal(1u, tracker.Rollovers);
        Assert.Equal(65536 + 2, tracker.ExtendedHighestSequence);
        Assert.Equal(6, tracker.Expected);
        Assert.Equal(5, tracker.Received);
        Assert.Equal(1, tracker.Lost);
        Assert.Equal(RtpSequenceStatus.Reordered, tracker.Update(0));
        Assert.Equal(0, tracker.Lost);
    }

    [Fact]
    public void Tracker_keeps_a_new_source_on_probation_until_two_in_a_row()
    {
        var tracker = new RtpSequenceTracker();

        Assert.Equal(RtpSequenceStatus.Probation, tracker.Update(100));
        Assert.Equal(RtpSequenceStatus.Accepted, tracker.Update(101));
        Assert.Equal(1, tracker.Received);
        Assert.Equal(101u, tracker.BaseSequence);
    }

    [Fact]
    public void Tracker_resynchronises_after_two_sequential_packets_past_a_large_jump()
    {
        var tracker = new RtpSequenceTracker(minSequential: 0);
        tracker.Update(10);

        Assert.Equal(RtpSequenceStatus.Jumped, tracker.Update(20000));
        Assert.Equal(RtpSequenceStatus.Restarted, tracker.Update(20001));
        Assert.Equal(20001u, tracker.BaseSequence);
        Assert.Equal(RtpSequenceStatus.Accepted, tracker.Update(20002));
    }
}
