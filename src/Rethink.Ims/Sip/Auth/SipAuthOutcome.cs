using System.Globalization;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// Everything a caller needs to answer a request after digest authentication: let it through, or the status, reason phrase and
/// challenge headers to send. <see cref="CreateResponse"/> builds that answer.
/// </summary>
/// <remarks>Holds no secret: <see cref="Challenges"/> carry only the realm, a nonce and public parameters.</remarks>
public sealed class SipAuthOutcome
{
    internal SipAuthOutcome(SipAuthOutcomeKind kind, SipAuthResult result, string realm)
    {
        Kind = kind;
        Result = result;
        Realm = realm;
    }

    /// <summary>What to do with the request.</summary>
    public SipAuthOutcomeKind Kind { get; }

    /// <summary>True when the request is authenticated.</summary>
    public bool IsAuthenticated => Kind == SipAuthOutcomeKind.Authenticated;

    /// <summary>The check's result; <c>(int)Result</c> is Kamailio's return code (see <see cref="KamailioCode"/>).</summary>
    public SipAuthResult Result { get; }

    /// <summary>The Kamailio <c>auth</c> / <c>auth_ephemeral</c> return code: 1, -1, -2, -3, -4, -5, -6, -7 (or -8 for a From/To mismatch).</summary>
    public int KamailioCode => (int)Result;

    /// <summary>The realm that was checked (and challenged).</summary>
    public string Realm { get; }

    /// <summary>The status to answer: 401, 407, 403 or 503; 0 when authenticated (no answer, the request goes on).</summary>
    public int StatusCode { get; internal init; }

    /// <summary>The reason phrase to answer with, e.g. <c>Unauthorized</c> or <c>Forbidden (credential expired)</c>; null when authenticated.</summary>
    public string? ReasonPhrase { get; internal init; }

    /// <summary>The header the challenges go in: <see cref="SipHeaderId.WwwAuthenticate"/> (401) or
    /// <see cref="SipHeaderId.ProxyAuthenticate"/> (407); null when there is no challenge.</summary>
    public SipHeaderId? ChallengeHeader { get; internal init; }

    /// <summary>The challenge values, one per offered algorithm, in order; empty when there is no challenge.</summary>
    public IReadOnlyList<string> Challenges { get; internal init; } = [];

    /// <summary>True when the challenge carries <c>stale=true</c>: the nonce expired or was forgotten, the client may retry with the
    /// same password without asking its user.</summary>
    public bool Stale { get; internal init; }

    /// <summary>For <see cref="SipAuthOutcomeKind.Throttled"/>, how long until the source or user may try again.</summary>
    public TimeSpan? RetryAfter { get; internal init; }

    /// <summary>The digest username from the credentials (e.g. <c>1700000000:alice@example.com</c>); null when none was read.</summary>
    public string? Username { get; internal init; }

    /// <summary>
    /// The user the request is authenticated as, for the registrar's address of record: for an ephemeral credential the user part
    /// after the timestamp, before any <c>@</c> (<c>alice</c> for <c>1700000000:alice</c> and <c>1700000000:alice@example.com</c>);
    /// for a static user the username. Null when not authenticated, or for an ephemeral credential that names no user
    /// (a bare timestamp).
    /// </summary>
    public string? User { get; internal init; }

    /// <summary>The domain the ephemeral credential names after <c>@</c> (<c>example.com</c> for <c>1700000000:alice@example.com</c>); null
    /// when there is none (then the realm is the natural domain).</summary>
    public string? Domain { get; internal init; }

    /// <summary>The To tag the response must carry (a stateless challenge repeats its tag for a retransmission); null for a fresh one.</summary>
    internal string? ToTag { get; init; }

    /// <summary>Which store authenticated the request.</summary>
    public SipAuthCredentialSource CredentialSource { get; internal init; }

    /// <summary>
    /// Builds the answer to <paramref name="request"/>: the status, reason phrase, every challenge header and (when throttled)
    /// Retry-After. Only for outcomes that are not <see cref="IsAuthenticated"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The outcome is authenticated: there is nothing to answer.</exception>
    public SipResponse CreateResponse(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsAuthenticated)
        {
            throw new InvalidOperationException("An authenticated request is not answered by the authenticator.");
        }

        var response = SipResponse.CreateFor(request, StatusCode, ReasonPhrase, ToTag);
        if (ChallengeHeader is { } header)
        {
            for (var i = 0; i < Challenges.Count; i++)
            {
                response.Headers.Add(header, Challenges[i]);
            }
        }

        if (RetryAfter is { } retry)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retry.TotalSeconds));
            response.Headers.Add(SipHeaderId.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    /// <summary>Kind, result and status, for diagnostics.</summary>
    public override string ToString() => $"{Kind} ({Result}, {KamailioCode}) {StatusCode}";
}
