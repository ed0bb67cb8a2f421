namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>Tests sharing one running edge proxy (the SIP server sample with the proxy on).</summary>
[CollectionDefinition(Name)]
public sealed class ProxySampleCollection : ICollectionFixture<ProxySampleFixture>
{
    public const string Name = "SIP edge proxy sample";
}
