using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>Where browser tests leave their screenshots: <c>artifacts/browser/</c> at the repository root (gitignored).</summary>
internal static class BrowserArtifacts
{
    /// <summary>The folder, created when missing.</summary>
    public static string Directory
    {
        get
        {
            var path = Path.Combine(SamplePaths.RepositoryRoot, "artifacts", "browser");
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The path of a screenshot named after the test and the state it shows, e.g. <c>Chrome_hears_..._connected.png</c>.</summary>
    public static string Screenshot(string testName, string state) => Path.Combine(Directory, $"{Sanitize(testName)}_{Sanitize(state)}.png");

    private static string Sanitize(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string([.. name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '"' ? '_' : c)]);
    }
}
