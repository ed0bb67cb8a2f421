namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>Tests sharing the short-nonce samples and the Kamailio beside them.</summary>
[CollectionDefinition(Name)]
public sealed class RegistrarComparisonCollection : ICollectionFixture<RegistrarComparisonFixture>
{
    public const string Name = "SIP registrar sample and Kamailio, short nonce lifetime";
}
