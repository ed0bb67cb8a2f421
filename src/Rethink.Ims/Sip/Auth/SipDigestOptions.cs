namespace Rethink.Ims.Sip.Auth;

/// <summary>Options of <see cref="SipDigestAuthenticator"/>, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class SipDigestOptions
{
    /// <summary>The configuration section: <c>Ims:Sip:Auth</c>.</summary>
    public const string SectionName = "Ims:Sip:Auth";

    /// <summary>The realm challenged when the caller names none. Usually the SIP domain (<c>example.com</c>), which browser clients
    /// expect since they use the domain of their URI. Null: the caller always passes the realm.</summary>
    public string? Realm { get; set; }

    /// <summary>The algorithms offered, one challenge header each, in this order (clients take the first they support; JsSIP only
    /// reads the first). Null or empty: MD5 only. Credentials using an algorithm not listed are refused as malformed.</summary>
    public IList<SipDigestAlgorithm>? Algorithms { get; set; }

    /// <summary>How long a nonce is accepted after it was issued (Kamailio's <c>nonce_expire</c>). Later use gets a challenge with
    /// <c>stale=true</c>. Default 300 s.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Base64 key (at least 32 bytes) that signs nonces. Null: a random key made at start, so nonces do not survive a
    /// restart and are not accepted by another instance. Give every instance behind one address the same key.</summary>
    public string? NonceSecret { get; set; }

    /// <summary>An <c>opaque</c> value sent in every challenge (and echoed by clients); null for none. Not checked on return.</summary>
    public string? Opaque { get; set; }

    /// <summary>Answer to a wrong password, unknown user or expired credential. Default <see cref="SipAuthFailurePolicy.Rechallenge"/>.</summary>
    public SipAuthFailurePolicy FailurePolicy { get; set; } = SipAuthFailurePolicy.Rechallenge;

    /// <summary>How many nonces have their nonce-count tracked at once; beyond it the oldest are forgotten and a client using a
    /// forgotten nonce is asked for a fresh one (<c>stale=true</c>). Default 100,000 (a few MB).</summary>
    public int NonceTableCapacity { get; set; } = 100_000;

    /// <summary>Failed attempts from one source within <see cref="FailureWindow"/> after which the source is throttled; 0 disables.
    /// Default 20.</summary>
    public int MaxFailuresPerSource { get; set; } = 20;

    /// <summary>Failed attempts for one username within <see cref="FailureWindow"/> after which the user is throttled; 0 disables.
    /// Default 10.</summary>
    public int MaxFailuresPerUser { get; set; } = 10;

    /// <summary>The window over which failures are counted, and how long a throttle lasts at most. Default 5 minutes.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many sources and how many users the failure tables hold each; beyond it the oldest entries are dropped.
    /// Default 10,000.</summary>
    public int FailureTableCapacity { get; set; } = 10_000;

    /// <summary>The status answered to a throttled request: 403 (default) or 503 (with Retry-After; RFC 3261 §21.5.4).</summary>
    public int ThrottleStatusCode { get; set; } = 403;

    /// <summary>Refuse (403, <see cref="SipAuthResult.UserMismatch"/>) an ephemeral credential whose user part does not name the From
    /// URI's user and host, like <c>autheph_check_from</c>. Default false: browser clients put <c>&lt;expiry&gt;:&lt;user&gt;</c> in the
    /// From URI, which parses as user <c>&lt;expiry&gt;</c> with a password.</summary>
    public bool RequireFromMatch { get; set; }

    /// <summary>The same check against the To URI, like <c>autheph_check_to</c>. Default false.</summary>
    public bool RequireToMatch { get; set; }

    /// <summary>
    /// Whether a request that carried no credentials for the realm is challenged statelessly (RFC 3261 §8.2.7, as
    /// Kamailio's <c>auth_challenge</c> without <c>tm</c>): the server transaction ends with the 401/407 instead of keeping
    /// it for 32 s, so unauthenticated traffic (every first REGISTER, and floods) holds no transaction. A retransmission of
    /// the request runs the pipeline again and gets the same response (the same nonce and To tag, remembered per request
    /// identity for <see cref="ChallengeMemoryLifetime"/> in a fixed table of <see cref="ChallengeMemoryCapacity"/> slots),
    /// as a transaction would have re-sent. Other refusals stay stateful, as they count towards the failure limits.
    /// Default true.
    /// </summary>
    public bool StatelessChallenges { get; set; } = true;

    /// <summary>Slots of the table that lets a retransmitted request get the same stateless challenge (32 bytes each, a power
    /// of two; a newer challenge may take an older one's slot, and the older then gets a fresh nonce). Default 262,144: 8 MiB,
    /// 32 s of 8,000 challenges/s.</summary>
    public int ChallengeMemoryCapacity { get; set; } = 262_144;

    /// <summary>How long a stateless challenge is repeated for a retransmission; default 32 s (64 × T1, timer J).</summary>
    public TimeSpan ChallengeMemoryLifetime { get; set; } = TimeSpan.FromSeconds(32);
}
