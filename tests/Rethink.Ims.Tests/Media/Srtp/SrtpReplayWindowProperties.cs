using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Tests.Media.Srtp;

public class SrtpReplayWindowProperties
{
    public static Arbitrary<int> WindowSize() => Gen.Elements(64, 128, 256, 1024).ToArbitrary();

    [Property(Arbitrary = [typeof(SrtpReplayWindowProperties)])]
    public void The_window_agrees_with_a_set_of_seen_indices_limited_to_the_window(int size, ushort[] steps)
    {
        // Model: accept an index iff it is above the highest, or within `size` below it and not seen before.
        var window = new SrtpReplayWindow(size);
        var seen = new HashSet<ulong>();
        ulong? highest = null;
        var index = 100_000UL;
        foreach (var step in steps ?? [])
        {
            // Mostly small moves back and forth, sometimes a jump.
            index = (ulong)Math.Max(0, (long)index + (step % 7 == 0 ? step : (step % 300) - 150));
            var expected = highest is null || index > highest || (highest - index < (ulong)size && !seen.Contains(index));

            Assert.Equal(expected, window.Check(index));
            if (expected)
            {
                window.Accept(index);
                seen.Add(index);
                highest = highest is null ? index : Math.Max(highest.Value, index);
            }

            Assert.Equal(highest, window.Highest);
        }
    }

    [Theory]
    [InlineData(32)]
    [InlineData(100)]
    [InlineData(65536)]
    public void Window_sizes_that_are_not_powers_of_two_from_64_to_32768_are_refused(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpReplayWindow(size));

    [Fact]
    public void Master_keys_of_the_wrong_length_are_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_80, new byte[32], new byte[14]));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext((SrtpProtectionProfile)0x0005, new byte[16], new byte[14]));
    }
}
