namespace Rethink.Ims.IntegrationTests.Sip;

/// <summary>Tests sharing one running SIP server sample.</summary>
[CollectionDefinition(Name)]
public sealed class SipServerSampleCollection : ICollectionFixture<SipServerSampleFixture>
{
    public const string Name = "SIP server sample";
}
