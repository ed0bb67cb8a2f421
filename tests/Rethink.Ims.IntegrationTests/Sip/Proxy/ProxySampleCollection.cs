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

/// <summary>Tests sharing one relaying edge that answers the core's challenges with a static account.</summary>
[CollectionDefinition(Name)]
public sealed class StaticAccountRelayingProxySampleCollection : ICollectionFixture<StaticAccountRelayingProxySampleFixture>
{
    public const string Name = "SIP edge proxy sample relaying registrations with a static account";
}

/// <summary>Tests sharing one relaying edge in pass-through authentication.</summary>
[CollectionDefinition(Name)]
public sealed class PassThroughRelayingProxySampleCollection : ICollectionFixture<PassThroughRelayingProxySampleFixture>
{
    public const string Name = "SIP edge proxy sample relaying registrations in pass-through";
}

/// <summary>The flow-close test's own relaying edge.</summary>
[CollectionDefinition(Name)]
public sealed class FlowCloseRelayingProxySampleCollection : ICollectionFixture<FlowCloseRelayingProxySampleFixture>
{
    public const string Name = "SIP edge proxy sample relaying registrations, flow close";
}
