namespace Rethink.Ims.Sip.Messages;

/// <summary>What kind of host a URI or Via names.</summary>
public enum SipHostKind : byte
{
    /// <summary>A domain name.</summary>
    DomainName = 0,

    /// <summary>A dotted IPv4 address.</summary>
    IPv4 = 1,

    /// <summary>A bracketed IPv6 reference (RFC 5118), e.g. <c>[2001:db8::1]</c>.</summary>
    IPv6 = 2,
}
