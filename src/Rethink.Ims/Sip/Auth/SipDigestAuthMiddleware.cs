using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// The authentication half of the seed's <c>route[AUTH]</c>: a REGISTER, or a request whose From is a local domain
/// (<see cref="SipLocalDomains.IsMyself"/>), must carry valid digest credentials; otherwise it is answered with
/// <see cref="SipAuthOutcome.CreateResponse"/> (401/407 challenge, 403, or the throttle status) and goes no further.
/// An authenticated request gets <see cref="SipContext.User"/> and, except REGISTER and PUBLISH, has its credentials
/// removed (<c>consume_credentials</c>) before the next step.
/// </summary>
/// <remarks>
/// ACK and CANCEL cannot be challenged (RFC 3261 §22.1) and in-dialog requests (To tag) are not authenticated here, as in
/// Kamailio's default script, which relays them before <c>route[AUTH]</c>. The realm is the From domain when it is local
/// (Kamailio's <c>auth_challenge("$fd")</c>), else <see cref="SipDigestOptions.Realm"/>, else the first local domain.
/// </remarks>
public sealed partial class SipDigestAuthMiddleware : ISipMiddleware
{
    /// <summary>Authentication type of the <see cref="ClaimsIdentity"/> this middleware creates.</summary>
    public const string AuthenticationType = "SipDigest";

    /// <summary>Claim holding the user the credential names (<c>alice</c> for <c>1700000000:alice</c>); absent for a bare timestamp.</summary>
    public const string UserClaimType = "urn:rethink-ims:sip:user";

    /// <summary>Claim holding the user's domain: the credential's <c>@domain</c>, else the realm.</summary>
    public const string DomainClaimType = "urn:rethink-ims:sip:domain";

    /// <summary>Claim holding the realm the credentials were checked in.</summary>
    public const string RealmClaimType = "urn:rethink-ims:sip:realm";

    /// <summary>The <see cref="SipAuthOutcome"/> of <paramref name="context"/>'s request if this middleware authenticated it, else null.</summary>
    public static SipAuthOutcome? GetOutcome(SipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.AuthenticationState as SipAuthOutcome;
    }

    private readonly SipDigestAuthenticator _authenticator;
    private readonly SipLocalDomains _domains;
    private readonly string? _configuredRealm;
    private readonly bool _statelessChallenges;
    private readonly ILogger _logger;

    /// <summary>Creates the middleware.</summary>
    public SipDigestAuthMiddleware(
        SipDigestAuthenticator authenticator,
        SipLocalDomains domains,
        IOptions<SipDigestOptions> options,
        ILogger<SipDigestAuthMiddleware>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(domains);
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator;
        _domains = domains;
        _configuredRealm = string.IsNullOrWhiteSpace(options.Value.Realm) ? null : options.Value.Realm;
        _statelessChallenges = options.Value.StatelessChallenges;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>True when the seed's policy says <paramref name="context"/>'s request must authenticate.</summary>
    public bool MustAuthenticate(SipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var kind = request.Method.Kind;
        if (kind is SipMethodKind.Ack or SipMethodKind.Cancel || !request.To.Tag.IsEmpty)
        {
            return false;
        }

        return kind == SipMethodKind.Register || _domains.IsMyself(request.From.Uri, context.Flow);
    }

    /// <inheritdoc />
#pragma warning disable CA1716 // 'next' as in ISipMiddleware.
    public Task InvokeAsync(SipContext context, SipRequestDelegate next)
#pragma warning restore CA1716
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!MustAuthenticate(context))
        {
            return next(context);
        }

        var request = context.Request;
        var realm = _domains.Find(request.From.Uri.Host) ?? _configuredRealm ?? _domains.Default
            ?? throw new InvalidOperationException("No realm: configure Ims:Sip:Domains or Ims:Sip:Auth:Realm.");
        var outcome = _authenticator.Authenticate(request, realm, context.Flow.RemoteAddressText);
        if (!outcome.IsAuthenticated)
        {
            Refused(_logger, request.Method, outcome.StatusCode, outcome.KamailioCode);
            var response = outcome.CreateResponse(request);
            if (_statelessChallenges && outcome.Result == SipAuthResult.NoCredentials)
            {
                return context.RespondStatelessAsync(response).AsTask();
            }

            return context.RespondAsync(response).AsTask();
        }

        // The principal (claims, identity: about 1 KB) is built only if a later step reads it; the registrar reads the
        // outcome's user name directly.
        context.SetUser(outcome, CreatePrincipal);

        if (request.Method.Kind is not (SipMethodKind.Register or SipMethodKind.Publish))
        {
            _authenticator.ConsumeCredentials(request, proxy: true, outcome.Realm);
        }

        return next(context);
    }

    /// <summary>The name of the user an authenticated outcome stands for: what <see cref="SipContext.User"/>'s identity
    /// names once built.</summary>
    internal static string NameOf(SipAuthOutcome outcome) => outcome.Username ?? string.Empty;

    private static ClaimsPrincipal CreatePrincipal(object state)
    {
        var outcome = (SipAuthOutcome)state;
        var claims = new List<Claim>(4) { new(ClaimTypes.Name, NameOf(outcome)) };
        if (outcome.User is not null)
        {
            claims.Add(new Claim(UserClaimType, outcome.User));
        }

        claims.Add(new Claim(DomainClaimType, outcome.Domain ?? outcome.Realm));
        claims.Add(new Claim(RealmClaimType, outcome.Realm));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} not authenticated: {Status} (rc {Code})")]
    private static partial void Refused(ILogger logger, SipMethod method, int status, int code);
}
