namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>The tests that share <see cref="KamailioFixture"/>'s Kamailio servers (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class KamailioCollection : ICollectionFixture<KamailioFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Kamailio";
}
