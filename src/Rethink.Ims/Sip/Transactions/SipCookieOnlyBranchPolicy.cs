namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// What to do with a request whose top Via branch is exactly the magic cookie <c>z9hG4bK</c> and nothing more
/// (RFC 4475 §3.2.1, badbranch.dat): it claims RFC 3261 matching but cannot be unique.
/// </summary>
public enum SipCookieOnlyBranchPolicy
{
    /// <summary>Answer 400 Bad Request statelessly, creating no transaction (the default; RFC 4475's first choice).</summary>
    Reject,

    /// <summary>Match it as an RFC 2543 request (Request-URI, tags, Call-ID, CSeq, top Via) and serve it normally.</summary>
    Rfc2543Matching,
}
