namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>Tests sharing one running SIP server sample and credential server sample.</summary>
[CollectionDefinition(Name)]
public sealed class RegistrarSampleCollection : ICollectionFixture<RegistrarSampleFixture>
{
    public const string Name = "SIP registrar sample";
}
