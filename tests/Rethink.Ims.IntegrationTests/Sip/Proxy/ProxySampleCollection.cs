namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>Tests sharing one running edge proxy (the SIP server sample with the proxy on).</summary>
[CollectionDefinition(Name)]
public sealed class ProxySampleCollection : ICollectionFixture<ProxySampleFixture>
{
    public const string Name = "SIP edge proxy sample";
}

/// <summary>Tests sharing one running edge proxy that relays registrations to its upstream.</summary>
[CollectionDefinition(Name)]
public sealed class RelayingProxySampleCollection : ICollectionFixture<RelayingProxySampleFixture>
{
    public const string Name = "SIP edge proxy sample relaying registrations";
}
