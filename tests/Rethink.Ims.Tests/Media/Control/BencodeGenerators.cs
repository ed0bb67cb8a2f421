using FsCheck;
using FsCheck.Fluent;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

/// <summary>A bencoded value built by the generator (nested lists and dictionaries with unique keys).</summary>
public sealed record GeneratedBencode(BencodeValue Value)
{
    public override string ToString() => Value.ToString();
}

/// <summary>The canonical encoding of a generated value after random byte edits.</summary>
public sealed record MutatedBencode(byte[] Bytes)
{
    public override string ToString() => Convert.ToHexString(Bytes);
}

/// <summary>Registers the generators with FsCheck.</summary>
public static class BencodeArbitraries
{
    public static Arbitrary<GeneratedBencode> Values() => Arb.From(BencodeGenerators.Value.Select(v => new GeneratedBencode(v)));

    public static Arbitrary<MutatedBencode> Mutated() => Arb.From(BencodeGenerators.Mutated.Select(b => new MutatedBencode(b)));
}

internal static class BencodeGenerators
{
    private static readonly Gen<long> Integer = Gen.Frequency(
        (4, Gen.Choose(-20, 20).Select(i => (long)i)),
        (3, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i)),
        (2, from high in Gen.Choose(int.MinValue, int.MaxValue)
            from low in Gen.Choose(int.MinValue, int.MaxValue)
            select ((long)high << 32) | (uint)low),
        (1, Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L)));

    private static readonly Gen<byte[]> Bytes = Gen.Frequency(
        (3, Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz-_ 0123456789:ield".Select(c => (byte)c).ToArray()), n))),
        (2, Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))),
        (1, Gen.Constant(Array.Empty<byte>())));

    private static readonly Gen<BencodeValue> Scalar = Gen.OneOf(
        Integer.Select(BencodeValue.FromInteger),
        Bytes.Select(b => BencodeValue.FromBytes(b)));

    public static readonly Gen<BencodeValue> Value = Gen.Sized(size => Sized(Math.Min(size, 40), 0));

    private static Gen<BencodeValue> Sized(int size, int depth)
    {
        if (size <= 1 || depth >= 6)
        {
            return Scalar;
        }

        var child = Sized(size / 2, depth + 1);
        var list = Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(child, n)).Select(items => BencodeValue.FromList(items));
        var dictionary = Gen.Choose(0, 5)
            .SelectMany(n => Gen.ArrayOf(Gen.Zip(Bytes, child), n))
            .Select(pairs => BencodeValue.FromDictionary(
                pairs.DistinctBy(p => Convert.ToHexString(p.Item1))
                    .Select(p => new KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>(p.Item1, p.Item2))));
        return Gen.Frequency((2, Scalar), (1, list), (2, dictionary));
    }

    public static readonly Gen<byte[]> Mutated =
        from value in Value
        let bytes = BencodeWriter.ToArray(value)
        from edits in Gen.Choose(1, 4)
        from result in MutateTimes(bytes, edits)
        select result;

    private static Gen<byte[]> MutateTimes(byte[] bytes, int times) =>
        times == 0 ? Gen.Constant(bytes) : Mutate(bytes).SelectMany(b => MutateTimes(b, times - 1));

    private static readonly Gen<byte> Noise = Gen.Frequency(
        (3, Gen.Elements("ilde:-0123456789".Select(c => (byte)c).ToArray())),
        (1, Gen.Choose(0, 255).Select(b => (byte)b)));

    private static Gen<byte[]> Mutate(byte[] bytes) =>
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, bytes.Length)
        from noise in Noise
        select kind switch
        {
            0 when position < bytes.Length => [.. bytes[..position], noise, .. bytes[(position + 1)..]],
            1 => [.. bytes[..position], noise, .. bytes[position..]],
            2 when position < bytes.Length => [.. bytes[..position], .. bytes[(position + 1)..]],
            _ => bytes[..position],
        };
}
