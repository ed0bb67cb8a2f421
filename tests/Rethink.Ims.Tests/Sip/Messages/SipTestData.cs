namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>Byte-exact test data copied next to the test assembly.</summary>
internal static class SipTestData
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "Sip");

    public static byte[] Rfc4475(string file) => File.ReadAllBytes(Path.Combine(Root, "Conformance", "rfc4475", file));

    public static byte[] Bench(string file) => File.ReadAllBytes(Path.Combine(Root, "BenchMessages", file));

    /// <summary>Rows of expectations.tsv: file, section, kind, expected, notes.</summary>
    public static IReadOnlyList<string[]> Rfc4475Expectations() =>
        File.ReadAllLines(Path.Combine(Root, "Conformance", "rfc4475", "expectations.tsv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToList();
}
