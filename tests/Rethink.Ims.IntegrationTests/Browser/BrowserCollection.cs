namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// Browser tests run one at a time and apart from every other test: a browser and real-time audio on a 2-core
/// machine are timing-sensitive, and each test starts its own Chromium.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Browser";
}
