namespace Rethink.Ims.Sip.Proxy;

/// <summary>How a request for a local address-of-record with several bindings is forked (RFC 3261 §16.6).</summary>
public enum SipForkingMode
{
    /// <summary>Every binding at once; the first 2xx wins and the other branches are cancelled.</summary>
    Parallel = 0,

    /// <summary>
    /// By q-value, highest first (RFC 3261 §16.6 step 1): bindings of equal q are tried together, the next group only when
    /// every branch of the current one failed (3xx-5xx). A 6xx or a 2xx ends the search.
    /// </summary>
    Sequential = 1,
}
