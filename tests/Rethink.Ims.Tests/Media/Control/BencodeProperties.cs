using FsCheck.Xunit;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public class BencodeProperties
{
    [Property(Arbitrary = [typeof(BencodeArbitraries)], MaxTest = 500)]
    public void Reading_what_was_written_gives_the_same_value(GeneratedBencode generated)
    {
        var bytes = BencodeWriter.ToArray(generated.Value);
        Assert.True(BencodeReader.TryRead(bytes, out var read, out var error), error.ToString());
        Assert.Equal(generated.Value, read);
        Assert.Equal(generated.Value.GetHashCode(), read!.GetHashCode());
    }

    [Property(Arbitrary = [typeof(BencodeArbitraries)], MaxTest = 500)]
    public void Writing_a_read_canonical_encoding_gives_the_same_bytes(GeneratedBencode generated)
    {
        var canonical = BencodeWriter.ToArray(generated.Value);
        Assert.True(BencodeReader.TryRead(canonical, out var read, out var error), error.ToString());
        Assert.Equal(canonical, BencodeWriter.ToArray(read!));
        Assert.Equal(canonical.Length, BencodeWriter.GetByteCount(read!));
    }

    [Property(Arbitrary = [typeof(BencodeArbitraries)], MaxTest = 300)]
    public void Every_strict_prefix_of_an_encoding_is_refused_as_truncated(GeneratedBencode generated)
    {
        var bytes = BencodeWriter.ToArray(generated.Value);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(BencodeReader.TryRead(bytes.AsSpan(0, length), out var value, out var error));
            Assert.Null(value);
            Assert.Equal(BencodeErrorKind.Truncated, error.Kind);
        }
    }

    [Property(Arbitrary = [typeof(BencodeArbitraries)], MaxTest = 300)]
    public void A_value_is_accepted_at_its_own_depth_and_refused_one_level_shallower(GeneratedBencode generated)
    {
        var value = generated.Value;
        var bytes = BencodeWriter.ToArray(value);
        Assert.True(BencodeReader.TryRead(bytes, out _, out var error, new BencodeReaderOptions { MaxDepth = Math.Max(1, value.Depth) }), error.ToString());
        if (value.Depth > 1)
        {
            Assert.False(BencodeReader.TryRead(bytes, out _, out error, new BencodeReaderOptions { MaxDepth = value.Depth - 1 }));
            Assert.Equal(BencodeErrorKind.TooDeep, error.Kind);
        }
    }

    [Property(Arbitrary = [typeof(BencodeArbitraries)], MaxTest = 300)]
    public void A_value_is_accepted_with_exactly_its_item_count_and_refused_with_one_less(GeneratedBencode generated)
    {
        var value = generated.Value;
        var items = CountItems(value);
        var bytes = BencodeWriter.ToArray(value);
        Assert.True(BencodeReader.TryRead(bytes, out _, out var error, new BencodeReaderOptions { MaxItems = items }), error.ToString());
        if (items > 1)
        {
            Assert.False(BencodeReader.TryRead(bytes, out _, out error, new BencodeReaderOptions { MaxItems = items - 1 }));
            Assert.Equal(BencodeErrorKind.TooManyItems, error.Kind);
        }
    }

    [Property(MaxTest = 1000)]
    public void Arbitrary_bytes_never_throw_and_anything_accepted_round_trips(byte[]? bytes) => AssertConsistent(bytes ?? []);

    [Property(Arbitrary = [typeof(BencodeArbitraries)], MaxTest = 1000)]
    public void Mutated_encodings_never_throw_and_anything_accepted_round_trips(MutatedBencode mutated) => AssertConsistent(mutated.Bytes);

    private static void AssertConsistent(byte[] bytes)
    {
        var ok = BencodeReader.TryRead(bytes, out var value, out var error);
        Assert.Equal(ok, value is not null);
        Assert.Equal(ok, error.Kind == BencodeErrorKind.None);
        if (!ok)
        {
            Assert.InRange(error.Offset, 0, bytes.Length);
            return;
        }

        // Strictness: whatever is accepted is already canonical except for the key order.
        var written = BencodeWriter.ToArray(value!);
        Assert.Equal(bytes.Length, written.Length);
        Assert.True(BencodeReader.TryRead(written, out var again, out error), error.ToString());
        Assert.Equal(value, again);
        _ = value!.ToString();
    }

    private static int CountItems(BencodeValue value) => value.Kind switch
    {
        BencodeKind.List => 1 + value.Items.Sum(CountItems),
        BencodeKind.Dictionary => 1 + value.Entries.Sum(e => 1 + CountItems(e.Value)),
        _ => 1,
    };
}
