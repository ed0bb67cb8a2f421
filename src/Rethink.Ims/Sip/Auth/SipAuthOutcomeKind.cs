namespace Rethink.Ims.Sip.Auth;

/// <summary>What the caller does with a request after <c>SipDigestAuthenticator.Authenticate</c>.</summary>
public enum SipAuthOutcomeKind
{
    /// <summary>The request is authenticated: let it through.</summary>
    Authenticated,

    /// <summary>Answer 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) with <see cref="SipAuthOutcome.Challenges"/>.</summary>
    Challenge,

    /// <summary>Answer 403 with <see cref="SipAuthOutcome.ReasonPhrase"/>; no new challenge.</summary>
    Forbidden,

    /// <summary>Too many failed attempts from this source or for this user: answer <see cref="SipAuthOutcome.StatusCode"/>
    /// with <see cref="SipAuthOutcome.RetryAfter"/>, without checking the credentials.</summary>
    Throttled,
}
