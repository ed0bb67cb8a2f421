using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Rethink.Ims.Credentials;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// SIP digest authentication (RFC 3261 §22, RFC 7616) of ephemeral credentials (Kamailio <c>auth_ephemeral</c>) and of static users
/// (<c>auth_check</c>), with stateless nonces, bounded nonce-count replay protection and a failed-attempt limiter. Pure: it reads a
/// parsed request and returns a <see cref="SipAuthOutcome"/>; answering is the caller's (see <see cref="SipAuthOutcome.CreateResponse"/>).
/// </summary>
/// <remarks>
/// <para>Thread-safe. Check order, as Kamailio: credentials for the realm, their syntax, the nonce (MAC, age, nonce-count), then the
/// static table, then the ephemeral credential (expiry before password). See <c>docs/sip-auth.md</c>.</para>
/// </remarks>
public sealed class SipDigestAuthenticator
{
    private static readonly string[] RcTags = ["0", "1", "-1", "-2", "-3", "-4", "-5", "-6", "-7", "-8"];

    private readonly SipDigestOptions _options;
    private readonly SipDigestAlgorithm[] _algorithms;
    private readonly EphemeralCredentialVerifier? _ephemeral;
    private readonly IStaticCredentialStore? _static;
    private readonly SipAuthMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly SipNonces _nonces;
    private readonly SipNonceCountTable _nonceCounts;
    private readonly SipAttemptLimiter _sourceLimiter;
    private readonly SipAttemptLimiter _userLimiter;
    private readonly SipChallengeMemory? _challenges;

    /// <summary>Creates an authenticator. At least one of <paramref name="ephemeral"/> and <paramref name="staticStore"/> is required.</summary>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="ArgumentException">Neither credential source is given.</exception>
    public SipDigestAuthenticator(
        SipDigestOptions options,
        TimeProvider time,
        EphemeralCredentialVerifier? ephemeral = null,
        IStaticCredentialStore? staticStore = null,
        SipAuthMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var validation = new SipDigestOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(SipDigestOptions.SectionName, typeof(SipDigestOptions), validation.Failures);
        }

        if (ephemeral is null && staticStore is null)
        {
            throw new ArgumentException("Give an ephemeral credential verifier, a static credential store, or both.", nameof(ephemeral));
        }

        _options = options;
        _algorithms = options.Algorithms is { Count: > 0 } list ? [.. list] : [SipDigestAlgorithm.Md5];
        _ephemeral = ephemeral;
        _static = staticStore;
        _metrics = metrics;
        _time = time;
        byte[] key;
        if (options.NonceSecret is null)
        {
            key = RandomNumberGenerator.GetBytes(32);
        }
        else
        {
            SipDigestOptionsValidator.TryDecodeSecret(options.NonceSecret, out key);
        }

        _nonces = new SipNonces(key, options.NonceLifetime, time);
        _nonceCounts = new SipNonceCountTable(options.NonceTableCapacity, options.NonceLifetime);
        _sourceLimiter = new SipAttemptLimiter(options.MaxFailuresPerSource, options.FailureWindow, options.FailureTableCapacity, time);
        _userLimiter = new SipAttemptLimiter(options.MaxFailuresPerUser, options.FailureWindow, options.FailureTableCapacity, time);
        if (options.StatelessChallenges)
        {
            _challenges = new SipChallengeMemory(options.ChallengeMemoryCapacity, (long)options.ChallengeMemoryLifetime.TotalMilliseconds);
        }
    }

    /// <summary>The algorithms offered, in challenge order.</summary>
    public IReadOnlyList<SipDigestAlgorithm> Algorithms => _algorithms;

    /// <summary>Nonces whose nonce-count is tracked now (at most <see cref="SipDigestOptions.NonceTableCapacity"/>).</summary>
    public int TrackedNonceCount => _nonceCounts.Count;

    /// <summary>Sources and users with failures on record (each at most <see cref="SipDigestOptions.FailureTableCapacity"/>).</summary>
    public (int Sources, int Users) TrackedFailureCounts => (_sourceLimiter.Count, _userLimiter.Count);

    /// <summary>
    /// Authenticates as <c>autheph_check</c> does: REGISTER with Authorization / WWW-Authenticate (401), any other method with
    /// Proxy-Authorization / Proxy-Authenticate (407).
    /// </summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="realm">The realm to check and challenge; null for <see cref="SipDigestOptions.Realm"/>.</param>
    /// <param name="source">The source (e.g. the remote address and port) for the failed-attempt limiter; null to not limit by source.</param>
    public SipAuthOutcome Authenticate(SipRequest request, string? realm = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Authenticate(request, request.Method.Kind != SipMethodKind.Register, realm, source);
    }

    /// <summary>Authenticates <paramref name="request"/> against <paramref name="realm"/>.</summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="proxy">True for Proxy-Authorization and 407 (<c>autheph_proxy</c>), false for Authorization and 401 (<c>autheph_www</c>).</param>
    /// <param name="realm">The realm to check and challenge; null for <see cref="SipDigestOptions.Realm"/>.</param>
    /// <param name="source">The source (e.g. the remote address and port) for the failed-attempt limiter; null to not limit by source.</param>
    /// <exception cref="InvalidOperationException">No realm is given and none is configured.</exception>
    /// <exception cref="ArgumentException"><paramref name="realm"/> holds a quote, backslash or control character.</exception>
    public SipAuthOutcome Authenticate(SipRequest request, bool proxy, string? realm = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        realm = ResolveRealm(realm);

        TimeSpan retryAfter;
        if (source is not null && _sourceLimiter.IsBlocked(source, out retryAfter))
        {
            return Throttled(realm, retryAfter, null);
        }

        if (!TryFindCredentials(proxy ? request.ProxyAuthorization : request.Authorization, realm, out var credentials))
        {
            if (_challenges is not null)
            {
                return StatelessChallenge(request, proxy, realm);
            }

            return Failure(SipAuthResult.NoCredentials, proxy, realm, source, null, stale: false);
        }

        var fields = credentials.Parameters.ReadDigestFields();
        var usernameText = fields.Username;
        if (!credentials.IsWellFormed || usernameText.IsEmpty)
        {
            return Failure(SipAuthResult.Malformed, proxy, realm, source, null, stale: false);
        }

        var username = usernameText.ToString();
        if (_userLimiter.IsBlocked(username, out retryAfter))
        {
            return Throttled(realm, retryAfter, username);
        }

        var nonce = fields.Nonce;
        var uri = fields.Uri;
        var response = fields.Response;
        var qop = fields.Qop;
        var cnonce = fields.Cnonce;
        var ncText = fields.Nc;
        uint nc = 1; // without qop there is no nonce-count: each nonce serves once (a one-time nonce).
        if (nonce.IsEmpty || uri.IsEmpty
            || !SipDigest.TryParse(fields.Algorithm.Span, out var algorithm)
            || Array.IndexOf(_algorithms, algorithm) < 0
            || response.Length != SipDigest.HexLength(algorithm)
            || !(qop.IsEmpty || qop.EqualsIgnoreCase("auth"u8))
            || (!qop.IsEmpty && (cnonce.IsEmpty || !TryParseNonceCount(ncText.Span, out nc)))
            || (SipDigest.IsSession(algorithm) && cnonce.IsEmpty))
        {
            // auth-int, unknown qop or algorithm, missing fields, a response of the wrong length: Kamailio's -1.
            return Failure(SipAuthResult.Malformed, proxy, realm, source, username, stale: false);
        }

        // The credentials' realm matched ours (TryFindCredentials), case aside: the nonce was bound to ours.
        var realmBytes = fields.Realm;
        Span<byte> ourRealm = stackalloc byte[256];
        ReadOnlySpan<byte> ourRealmBytes = Encoding.UTF8.GetByteCount(realm) <= ourRealm.Length
            ? ourRealm[..Encoding.UTF8.GetBytes(realm, ourRealm)]
            : Encoding.UTF8.GetBytes(realm);
        switch (_nonces.Check(nonce.Span, ourRealmBytes, out var nonceId, out var issuedMs))
        {
            case SipNonceCheck.Invalid:
                return Failure(SipAuthResult.Malformed, proxy, realm, source, username, stale: false);
            case SipNonceCheck.Stale:
                return Failure(SipAuthResult.StaleNonce, proxy, realm, source, username, stale: true);
        }

        switch (_nonceCounts.Peek(nonceId, issuedMs, nc))
        {
            case SipNonceCountState.Replayed:
                return Failure(SipAuthResult.NonceReused, proxy, realm, source, username, stale: false);
            case SipNonceCountState.Forgotten:
                return Failure(SipAuthResult.StaleNonce, proxy, realm, source, username, stale: true);
        }

        Span<byte> received = stackalloc byte[SipDigest.MaxHexLength];
        Ascii.ToLower(response.Span, received, out var receivedLength);
        Span<byte> method = stackalloc byte[64];
        var methodName = request.Method.Name;
        ReadOnlySpan<byte> methodBytes = methodName.Length <= method.Length && Ascii.IsValid(methodName)
            ? method[..Encoding.ASCII.GetBytes(methodName, method)]
            : Encoding.UTF8.GetBytes(methodName);
        var input = new DigestInput(algorithm, usernameText.Span, realmBytes.Span, nonce.Span, ncText.Span, cnonce.Span, qop.Span,
            methodBytes, uri.Span, received[..receivedLength]);

        var result = CheckCredentials(username, realm, input, out var source2, out var user, out var domain);
        if (result == SipAuthResult.Authenticated)
        {
            // The count is spent only by a request that proved the password, so a sniffed nonce cannot be used to burn counts.
            switch (_nonceCounts.Use(nonceId, issuedMs, nc, _time.GetUtcNow().ToUnixTimeMilliseconds()))
            {
                case SipNonceCountState.Replayed:
                    return Failure(SipAuthResult.NonceReused, proxy, realm, source, username, stale: false);
                case SipNonceCountState.Forgotten:
                    return Failure(SipAuthResult.StaleNonce, proxy, realm, source, username, stale: true);
            }

            if (source2 == SipAuthCredentialSource.Ephemeral
                && ((_options.RequireFromMatch && CheckFrom(request, username) != EphemeralUserCheckResult.Match)
                    || (_options.RequireToMatch && CheckTo(request, username) != EphemeralUserCheckResult.Match)))
            {
                _metrics?.Failed(RcTag(SipAuthResult.UserMismatch));
                return new SipAuthOutcome(SipAuthOutcomeKind.Forbidden, SipAuthResult.UserMismatch, realm)
                {
                    StatusCode = 403,
                    ReasonPhrase = "Forbidden (user does not match the credential)",
                    Username = username,
                };
            }

            _userLimiter.Reset(username);
            _metrics?.Succeeded(source2);
            return new SipAuthOutcome(SipAuthOutcomeKind.Authenticated, SipAuthResult.Authenticated, realm)
            {
                Username = username,
                User = user,
                Domain = domain,
                CredentialSource = source2,
            };
        }

        return Failure(result, proxy, realm, source, username, stale: false);
    }

    /// <summary>
    /// Builds a fresh challenge for <paramref name="realm"/>, as Kamailio's <c>auth_challenge</c> / <c>www_challenge</c> /
    /// <c>proxy_challenge</c>: one header value per offered algorithm.
    /// </summary>
    public SipAuthOutcome Challenge(bool proxy, string? realm = null, bool stale = false)
    {
        realm = ResolveRealm(realm);
        _metrics?.Challenged(stale);
        return ChallengeOutcome(SipAuthResult.NoCredentials, proxy, realm, stale, null);
    }

    /// <summary>
    /// Removes the credentials meant for <paramref name="realm"/> (Authorization, or Proxy-Authorization when
    /// <paramref name="proxy"/>) before the request is forwarded, as Kamailio's <c>consume_credentials</c>. Credentials for other
    /// realms stay: they belong to the next hops.
    /// </summary>
    /// <returns>How many header fields were removed.</returns>
    public int ConsumeCredentials(SipRequest request, bool proxy, string? realm = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        realm = ResolveRealm(realm);
        var id = proxy ? SipHeaderId.ProxyAuthorization : SipHeaderId.Authorization;
        var headers = request.Headers;
        var removed = 0;
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            var header = headers[i];
            if (header.Id == id && SipAuthHeaderValue.TryParse(header.Value.Memory, out var value) && value.IsDigest
                && value.Realm.EqualsIgnoreCase(realm))
            {
                headers.RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Compares the user named by the ephemeral <paramref name="username"/> with the From URI's user and host, as
    /// <c>autheph_check_from</c>. Browser clients that put <c>&lt;expiry&gt;:&lt;user&gt;</c> in their From URI fail it (the URI's user is the
    /// timestamp).
    /// </summary>
    public EphemeralUserCheckResult CheckFrom(SipRequest request, string username)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheckUser(request.From.Uri, username);
    }

    /// <summary>The same as <see cref="CheckFrom"/> against the To URI, as <c>autheph_check_to</c>.</summary>
    public EphemeralUserCheckResult CheckTo(SipRequest request, string username)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheckUser(request.To.Uri, username);
    }

    private EphemeralUserCheckResult CheckUser(SipUri uri, string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        var format = _ephemeral?.UsernameFormat ?? EphemeralUsernameFormat.ExpiryThenUser;
        return EphemeralUsername.Parse(username, format).CheckUser(uri.User.Unescape().ToString(), uri.Host.ToString());
    }

    private SipAuthResult CheckCredentials(string username, string realm, in DigestInput input, out SipAuthCredentialSource source, out string? user, out string? domain)
    {
        source = SipAuthCredentialSource.None;
        user = null;
        domain = null;

        // Static first, then ephemeral: the seed's `auth_check(...) || autheph_check(...)`.
        var staticKnown = false;
        if (_static is not null && _static.TryGetCredential(realm, username, out var credential))
        {
            staticKnown = true;
            if (MatchesStatic(credential, input))
            {
                source = SipAuthCredentialSource.Static;
                user = username;
                return SipAuthResult.Authenticated;
            }
        }

        if (_ephemeral is null)
        {
            return staticKnown ? SipAuthResult.WrongPassword : SipAuthResult.UserUnknown;
        }

        var expiry = _ephemeral.CheckExpiry(username);
        if (expiry == EphemeralCheckResult.Malformed)
        {
            // Not an ephemeral username at all: a static user's wrong password stays a wrong password.
            return staticKnown ? SipAuthResult.WrongPassword : SipAuthResult.Malformed;
        }

        if (expiry == EphemeralCheckResult.Expired)
        {
            return SipAuthResult.Expired;
        }

        Span<char> password = stackalloc char[EphemeralPassword.MaxLength];
        var matched = false;
        foreach (var candidate in _ephemeral.EnumeratePasswords(username, password))
        {
            if (ResponseMatches(input, candidate))
            {
                matched = true;
                break;
            }
        }

        CryptographicOperations.ZeroMemory(MemoryMarshalBytes(password));
        if (!matched)
        {
            return SipAuthResult.WrongPassword;
        }

        var parsed = _ephemeral.Parse(username);
        source = SipAuthCredentialSource.Ephemeral;
        user = parsed.HasUser ? parsed.UserName.ToString() : null;
        domain = parsed.Domain.IsEmpty ? null : parsed.Domain.ToString();
        return SipAuthResult.Authenticated;
    }

    private static Span<byte> MemoryMarshalBytes(Span<char> chars) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars);

    private static bool MatchesStatic(StaticCredential credential, in DigestInput input)
    {
        if (credential.Password is { } password)
        {
            return ResponseMatches(input, password);
        }

        if (credential.Ha1 is not { } ha1 || credential.Ha1Algorithm != SipDigest.Family(input.Algorithm))
        {
            return false;
        }

        Span<byte> ha1Hex = stackalloc byte[SipDigest.MaxHexLength];
        var length = Encoding.ASCII.GetBytes(ha1, ha1Hex);
        return ResponseMatchesHa1(input, ha1Hex[..length]);
    }

    private static bool ResponseMatches(in DigestInput input, ReadOnlySpan<char> password)
    {
        Span<byte> ha1 = stackalloc byte[SipDigest.MaxHexLength];
        var length = SipDigest.Ha1(input.Algorithm, input.Username, input.Realm, password, ha1);
        var matches = ResponseMatchesHa1(input, ha1[..length]);
        CryptographicOperations.ZeroMemory(ha1);
        return matches;
    }

    private static bool ResponseMatchesHa1(in DigestInput input, ReadOnlySpan<byte> ha1)
    {
        Span<byte> sessionHa1 = stackalloc byte[SipDigest.MaxHexLength];
        scoped ReadOnlySpan<byte> effective = ha1;
        if (SipDigest.IsSession(input.Algorithm))
        {
            effective = sessionHa1[..SipDigest.SessionHa1(input.Algorithm, ha1, input.Nonce, input.Cnonce, sessionHa1)];
        }

        Span<byte> expected = stackalloc byte[SipDigest.MaxHexLength];
        var length = SipDigest.Response(input.Algorithm, effective, input.Nonce, input.Nc, input.Cnonce, input.Qop, input.Method, input.Uri, expected);
        return CryptographicOperations.FixedTimeEquals(expected[..length], input.Response);
    }

    private static bool TryFindCredentials(SipHeaderValues<SipAuthHeaderValue> values, string realm, out SipAuthHeaderValue credentials)
    {
        // Other schemes are ignored (RFC 4475 regaut01), and so are Digest credentials for other realms (Kamailio: -5).
        foreach (var value in values)
        {
            if (value.IsDigest && value.Realm.EqualsIgnoreCase(realm))
            {
                credentials = value;
                return true;
            }
        }

        credentials = default;
        return false;
    }

    private static bool TryParseNonceCount(ReadOnlySpan<byte> text, out uint nc)
    {
        nc = 0;
        if (text.Length != 8)
        {
            return false;
        }

        foreach (var b in text)
        {
            var digit = HexValue(b);
            if (digit < 0)
            {
                return false;
            }

            nc = (nc << 4) | (uint)digit;
        }

        return nc != 0;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private string ResolveRealm(string? realm)
    {
        realm ??= _options.Realm ?? throw new InvalidOperationException(
            $"No realm given and {SipDigestOptions.SectionName}:{nameof(SipDigestOptions.Realm)} is not configured.");
        if (!SipDigestOptionsValidator.IsValidRealm(realm))
        {
            throw new ArgumentException("A realm must be non-empty text without quotes, backslashes or control characters.", nameof(realm));
        }

        return realm;
    }

    private SipAuthOutcome Failure(SipAuthResult result, bool proxy, string realm, string? source, string? username, bool stale)
    {
        _metrics?.Failed(RcTag(result));
        if (result is SipAuthResult.WrongPassword or SipAuthResult.UserUnknown or SipAuthResult.Malformed && username is not null)
        {
            // Guessing shows up as wrong passwords and unknown users, and forged nonces as malformed credentials.
            if (source is not null)
            {
                _sourceLimiter.RecordFailure(source);
            }

            if (result != SipAuthResult.Malformed)
            {
                _userLimiter.RecordFailure(username!);
            }
        }

        if (_options.FailurePolicy == SipAuthFailurePolicy.Forbidden
            && result is SipAuthResult.WrongPassword or SipAuthResult.UserUnknown or SipAuthResult.Expired)
        {
            return new SipAuthOutcome(SipAuthOutcomeKind.Forbidden, result, realm)
            {
                StatusCode = 403,
                // An unknown user reads as a wrong password, so that the answer does not reveal which users exist.
                ReasonPhrase = result == SipAuthResult.Expired ? "Forbidden (credential expired)" : "Forbidden (wrong password)",
                Username = username,
            };
        }

        _metrics?.Challenged(stale);
        return ChallengeOutcome(result, proxy, realm, stale, username);
    }

    /// <summary>
    /// The challenge to a request without credentials when challenges are stateless: the same request identity (a
    /// retransmission) gets the same nonce and To tag within <see cref="SipDigestOptions.ChallengeMemoryLifetime"/>, so the
    /// same response, as a server transaction would have re-sent.
    /// </summary>
    private SipAuthOutcome StatelessChallenge(SipRequest request, bool proxy, string realm)
    {
        _metrics?.Failed(RcTag(SipAuthResult.NoCredentials));
        _metrics?.Challenged(false);
        var identity = SipChallengeMemory.IdentityOf(request, proxy, realm);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!_challenges!.TryGet(identity, now, out var issuedMs, out var id))
        {
            issuedMs = now;
            id = _nonces.NextId();
            _challenges.Remember(identity, issuedMs, id);
        }

        Span<byte> idBytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(idBytes, id);
        return ChallengeOutcome(SipAuthResult.NoCredentials, proxy, realm, stale: false, null, _nonces.Issue(realm, issuedMs, id),
            Convert.ToHexStringLower(idBytes));
    }

    private SipAuthOutcome ChallengeOutcome(SipAuthResult result, bool proxy, string realm, bool stale, string? username,
        string? nonce = null, string? toTag = null)
    {
        nonce ??= _nonces.Issue(realm);
        var challenges = new string[_algorithms.Length];
        var opaque = _options.Opaque is { } value ? $", opaque=\"{value}\"" : string.Empty;
        var staleFlag = stale ? ", stale=true" : string.Empty;
        Span<char> scratch = stackalloc char[256];
        for (var i = 0; i < challenges.Length; i++)
        {
            // One string, formatted on the stack: no builder or intermediate buffers per challenge.
            challenges[i] = string.Create(CultureInfo.InvariantCulture, scratch,
                $"Digest realm=\"{realm}\", nonce=\"{nonce}\"{opaque}, algorithm={SipDigest.Name(_algorithms[i])}, qop=\"auth\"{staleFlag}");
        }

        return new SipAuthOutcome(SipAuthOutcomeKind.Challenge, result, realm)
        {
            StatusCode = proxy ? 407 : 401,
            ReasonPhrase = proxy ? "Proxy Authentication Required" : "Unauthorized",
            ChallengeHeader = proxy ? SipHeaderId.ProxyAuthenticate : SipHeaderId.WwwAuthenticate,
            Challenges = challenges,
            Stale = stale,
            Username = username,
            ToTag = toTag,
        };
    }

    private SipAuthOutcome Throttled(string realm, TimeSpan retryAfter, string? username)
    {
        _metrics?.Failed("throttled");
        var status = _options.ThrottleStatusCode;
        return new SipAuthOutcome(SipAuthOutcomeKind.Throttled, SipAuthResult.Malformed, realm)
        {
            StatusCode = status,
            ReasonPhrase = status == 503 ? "Service Unavailable (too many failed attempts)" : "Forbidden (too many failed attempts)",
            RetryAfter = retryAfter,
            Username = username,
        };
    }

    private static string RcTag(SipAuthResult result) => (int)result switch
    {
        1 => RcTags[1],
        < 0 and >= -8 => RcTags[1 - (int)result],
        _ => RcTags[0],
    };

    private readonly ref struct DigestInput
    {
        public DigestInput(
            SipDigestAlgorithm algorithm,
            ReadOnlySpan<byte> username,
            ReadOnlySpan<byte> realm,
            ReadOnlySpan<byte> nonce,
            ReadOnlySpan<byte> nc,
            ReadOnlySpan<byte> cnonce,
            ReadOnlySpan<byte> qop,
            ReadOnlySpan<byte> method,
            ReadOnlySpan<byte> uri,
            ReadOnlySpan<byte> response)
        {
            Algorithm = algorithm;
            Username = username;
            Realm = realm;
            Nonce = nonce;
            Nc = nc;
            Cnonce = cnonce;
            Qop = qop;
            Method = method;
            Uri = uri;
            Response = response;
        }

        public SipDigestAlgorithm Algorithm { get; }

        public ReadOnlySpan<byte> Username { get; }

        public ReadOnlySpan<byte> Realm { get; }

        public ReadOnlySpan<byte> Nonce { get; }

        public ReadOnlySpan<byte> Nc { get; }

        public ReadOnlySpan<byte> Cnonce { get; }

        public ReadOnlySpan<byte> Qop { get; }

        public ReadOnlySpan<byte> Method { get; }

        public ReadOnlySpan<byte> Uri { get; }

        public ReadOnlySpan<byte> Response { get; }
    }
}
