namespace Rethink.Ims.Sip.Registrar;

/// <summary>Why the registrar refused a REGISTER (the <c>reason</c> tag of the refusal metric).</summary>
public enum RegistrarRefusal
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>404: the Request-URI (or the To host) names a domain this registrar is not responsible for (RFC 3261 §10.3 steps 1 and 5).</summary>
    DomainNotServed,

    /// <summary>420: Require names an extension the registrar does not support (step 2); Unsupported lists it.</summary>
    UnsupportedExtension,

    /// <summary>403: the authenticated user may not register this address-of-record (step 4).</summary>
    Forbidden,

    /// <summary>403: a Contact is a GRUU of this registrar (RFC 5627: registering it would make a loop).</summary>
    GruuContact,

    /// <summary>400: To is not a sip or sips URI (step 5; RFC 4475 unksm2).</summary>
    InvalidTo,

    /// <summary>400: a Contact value does not parse.</summary>
    InvalidContact,

    /// <summary>400: <c>Contact: *</c> with other contacts or without <c>Expires: 0</c> (step 6).</summary>
    InvalidWildcard,

    /// <summary>400: more than one Contact with a reg-id (RFC 5626 §6).</summary>
    MultipleRegIds,

    /// <summary>439: outbound asked for, but the first-hop Path lacks the <c>ob</c> parameter (RFC 5626 §6).</summary>
    FirstHopLacksOutbound,

    /// <summary>423: an expiry below the minimum (and not 0); Min-Expires says the minimum (step 7).</summary>
    IntervalTooBrief,

    /// <summary>500: same Call-ID with a CSeq not higher than the stored one; the whole update is aborted (step 7).</summary>
    OutOfOrder,

    /// <summary>503: the address-of-record would exceed its contact limit.</summary>
    TooManyContacts,

    /// <summary>503: the location store is full (total binding limit).</summary>
    StoreFull,

    /// <summary>500: the store kept changing under the update (too many concurrent writers to one address-of-record).</summary>
    StoreContention,
}
