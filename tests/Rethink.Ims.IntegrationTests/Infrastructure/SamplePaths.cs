namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>Finds a sample host's built program next to this test build (same configuration).</summary>
public static class SamplePaths
{
    /// <summary>The repository root: the folder holding Rethink.Ims.sln above the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rethink.Ims.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Rethink.Ims.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The sample's main assembly, e.g. samples/Rethink.Ims.CredentialServer/bin/Release/net10.0/Rethink.Ims.CredentialServer.dll.</summary>
    public static string Assembly(string sampleName)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(RepositoryRoot, "samples", sampleName, "bin", configuration, "net10.0", sampleName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the samples first ({configuration}): {path} is missing.", path);
    }
}
