using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// The registrar of RFC 3261 §10.3 with Path (RFC 3327) and outbound (RFC 5626): turns a REGISTER into binding
/// changes in an <see cref="ILocationStore"/> and the response to send. It knows nothing of transports or digest
/// authentication: the caller says who was authenticated and which flow the request came over
/// (<see cref="RegistrationContext"/>). Thread-safe.
/// </summary>
public sealed class SipRegistrar
{
    private const int MaxWriteAttempts = 16;

    private readonly SipRegistrarOptions _options;
    private readonly ILocationStore _store;
    private readonly TimeProvider _time;
    private readonly SipRegistrarMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly SipDateHeader _date = new();
    private readonly SemaphoreSlim[] _writeTurns = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates a registrar over <paramref name="store"/>.</summary>
    public SipRegistrar(
        IOptions<SipRegistrarOptions> options,
        ILocationStore store,
        TimeProvider timeProvider,
        SipRegistrarMetrics? metrics = null,
        ILogger<SipRegistrar>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        _store = store;
        _time = timeProvider;
        _metrics = metrics;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Gruu = new SipGruu(_options.TemporaryGruuKey is { } key ? SipRegistrarOptionsValidator.TemporaryGruuKeyBytes(key)
            ?? throw new ArgumentException(SipRegistrarOptionsValidator.TemporaryGruuKeyRule, nameof(options))
            : null);
    }

    /// <summary>The GRUUs this registrar gives (RFC 5627); the proxy resolves Request-URIs with it.</summary>
    public SipGruu Gruu { get; }

    /// <summary>True when GRUUs are given and routed (<see cref="SipRegistrarOptions.EnableGruu"/>).</summary>
    public bool GruuEnabled => _options.EnableGruu;

    /// <summary>
    /// Handles one REGISTER: checks it (RFC 3261 §10.3 steps 1-7), updates the bindings of its address-of-record
    /// atomically and builds the response: a 200 listing every current binding with its remaining expiry and a Date,
    /// or the refusal (400, 403, 404, 420, 423, 439, 500, 503).
    /// </summary>
    /// <exception cref="ArgumentException">The request is not a REGISTER (a bug in the caller).</exception>
    public async ValueTask<RegistrarOutcome> ProcessAsync(SipRequest register, RegistrationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(context);
        if (register.Method.Kind != SipMethodKind.Register)
        {
            throw new ArgumentException("The registrar only handles REGISTER.", nameof(register));
        }

        // Step 1: the Request-URI must name a domain we serve (404: "the domain ... does not match any of the domains handled", §21.4.5).
        var requestUri = register.RequestUri;
        if (!requestUri.IsSip || !IsLocalDomain(requestUri.Host))
        {
            return Refuse(register, 404, RegistrarRefusal.DomainNotServed);
        }

        // Step 2: every Require option-tag must be one we implement.
        var unsupported = UnsupportedRequirements(register, _options.EnableGruu);
        if (unsupported is not null)
        {
            var refusal = Refuse(register, 420, RegistrarRefusal.UnsupportedExtension);
            refusal.Response.Headers.Add(SipHeaderId.Unsupported, unsupported);
            return refusal;
        }

        // Step 5 (before 4, which needs the address-of-record): To must be a sip/sips URI of a domain we serve.
        var toUri = register.To.Uri;
        if (!toUri.IsSip)
        {
            return Refuse(register, 400, RegistrarRefusal.InvalidTo, "Bad Request (To is not a sip or sips URI)");
        }

        if (!IsLocalDomain(toUri.Host))
        {
            return Refuse(register, 404, RegistrarRefusal.DomainNotServed);
        }

        // Steps 3-4: authentication happened below us; check the authenticated user may register this address-of-record.
        var (aor, authorized) = ResolveAor(toUri, context.AuthenticatedUser);
        if (!authorized)
        {
            return Refuse(register, 403, RegistrarRefusal.Forbidden, aor: aor);
        }

        // Step 6: the contacts.
        var contacts = register.Contact;
        if (!contacts.AllValid)
        {
            return Refuse(register, 400, RegistrarRefusal.InvalidContact, "Bad Request (Invalid Contact)", aor);
        }

        var list = new List<SipContact>(contacts.Count);
        var wildcard = false;
        foreach (var contact in contacts)
        {
            wildcard |= contact.IsWildcard;
            if (_options.EnableGruu && !contact.IsWildcard && IsOwnGruu(contact.Uri))
            {
                return Refuse(register, 403, RegistrarRefusal.GruuContact, "Forbidden (a GRUU cannot be registered as a contact)", aor);
            }

            list.Add(contact);
        }

        if (wildcard && (list.Count != 1 || register.Expires != 0))
        {
            return Refuse(register, 400, RegistrarRefusal.InvalidWildcard, "Bad Request (Contact: * needs Expires: 0 and no other Contact)", aor);
        }

        var outboundSupported = register.Supported.Contains("outbound"u8, ignoreCase: true);
        var requests = new List<ContactRequest>(list.Count);
        if (!wildcard)
        {
            var regIds = 0;
            foreach (var contact in list)
            {
                var requested = contact.Expires ?? register.Expires ?? (uint)_options.DefaultExpires;
                if (requested != 0 && requested < _options.MinExpires)
                {
                    var brief = Refuse(register, 423, RegistrarRefusal.IntervalTooBrief, aor: aor);
                    brief.Response.Headers.Set(SipHeaderId.MinExpires, _options.MinExpires);
                    return brief;
                }

                var outbound = outboundSupported && contact.RegId is not null && !contact.Instance.IsEmpty;
                regIds += outbound ? 1 : 0;
                requests.Add(new ContactRequest(contact, Math.Min(requested, (uint)_options.MaxExpires), outbound));
            }

            if (regIds > 1)
            {
                return Refuse(register, 400, RegistrarRefusal.MultipleRegIds, "Bad Request (more than one Contact with reg-id)", aor);
            }

            if (regIds == 1 && !FirstHopSupportsOutbound(register))
            {
                return Refuse(register, 439, RegistrarRefusal.FirstHopLacksOutbound, "First Hop Lacks Outbound Support", aor);
            }
        }

        var supportsPath = register.Supported.Contains("path"u8, ignoreCase: true);
        var path = ReadPath(register);
        var callId = register.CallId.ToString();
        var cseq = register.CSeq.Number;

        // Step 7: apply every change to a copy of the stored list and commit it all at once, or nothing. Writers of one
        // address-of-record in this process take turns: with optimistic retries alone, a burst of concurrent REGISTERs of
        // one AoR could make one writer lose every attempt (a 500). The version check still guards other processes that
        // share the store.
        var turn = _writeTurns[(uint)StringComparer.Ordinal.GetHashCode(aor) % (uint)_writeTurns.Length];
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = await _store.GetAsync(aor, cancellationToken).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                var stored = record.Bindings;
                var current = new List<SipBinding>(stored.Count);
                for (var i = 0; i < stored.Count; i++)
                {
                    if (stored[i].IsLive(now))
                    {
                        current.Add(stored[i]);
                    }
                }

                if (list.Count == 0)
                {
                    return Accept(register, RegistrarAction.Query, aor, current, [], [], [], now, supportsPath ? path : [], outbound: false);
                }

                var working = new List<SipBinding>(current);
                var added = new List<SipBinding>();
                var refreshed = new List<SipBinding>();
                var removed = new List<SipBinding>();
                if (wildcard)
                {
                    if (AnyOutOfOrder(current, callId, cseq))
                    {
                        return Refuse(register, 500, RegistrarRefusal.OutOfOrder, "Server Internal Error (CSeq out of order)", aor);
                    }

                    removed.AddRange(current);
                    working.Clear();
                }
                else
                {
                    // Bindings this request wrote (a handful at most: one per contact).
                    var written = new List<SipBinding>(requests.Count);
                    foreach (var request in requests)
                    {
                        var index = FindBinding(working, request);
                        var existing = index >= 0 ? working[index] : null;
                        if (existing is not null && !ContainsReference(written, existing) && IsOutOfOrder(existing, callId, cseq))
                        {
                            return Refuse(register, 500, RegistrarRefusal.OutOfOrder, "Server Internal Error (CSeq out of order)", aor);
                        }

                        if (request.Expires == 0)
                        {
                            if (existing is not null)
                            {
                                working.RemoveAt(index);
                                if (!added.Remove(existing) && !refreshed.Remove(existing))
                                {
                                    removed.Add(existing);
                                }
                            }

                            continue;
                        }

                        var binding = CreateBinding(aor, request, context, path, callId, cseq, now, existing);
                        written.Add(binding);
                        if (existing is null)
                        {
                            working.Add(binding);
                            added.Add(binding);
                        }
                        else
                        {
                            working[index] = binding;
                            if (added.Remove(existing))
                            {
                                added.Add(binding);
                            }
                            else
                            {
                                refreshed.Remove(existing);
                                refreshed.Add(binding);
                            }
                        }
                    }

                    if (working.Count > _options.MaxContactsPerAor && working.Count > current.Count)
                    {
                        return RefuseUnavailable(register, RegistrarRefusal.TooManyContacts, "Service Unavailable (too many registered contacts)", aor);
                    }
                }

                var status = added.Count + refreshed.Count + removed.Count == 0 && working.Count == record.Bindings.Count
                    ? LocationWriteStatus.Written
                    : await _store.TryReplaceAsync(aor, record.Version, working.ToImmutableArray(), cancellationToken).ConfigureAwait(false);
                switch (status)
                {
                    case LocationWriteStatus.Written:
                        SipRegistrarLog.Updated(_logger, aor, added.Count, refreshed.Count, removed.Count);
                        var outbound = false;
                        foreach (var r in requests)
                        {
                            outbound |= r.Outbound;
                        }

                        return Accept(register, wildcard ? RegistrarAction.RemoveAll : RegistrarAction.Update, aor, working, added, refreshed, removed, now, supportsPath ? path : [], outbound);
                    case LocationWriteStatus.StoreFull:
                        SipRegistrarLog.StoreFull(_logger, _options.MaxBindings);
                        return RefuseUnavailable(register, RegistrarRefusal.StoreFull, "Service Unavailable (location store full)", aor);
                    default:
                        continue;
                }
            }

            return Refuse(register, 500, RegistrarRefusal.StoreContention, aor: aor);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Called when a connection (flow) closes: removes the bindings registered over it, or marks them unreachable,
    /// per <see cref="SipRegistrarOptions.DeadFlowPolicy"/>. Returns how many bindings were affected.
    /// </summary>
    public async ValueTask<int> OnFlowClosedAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowId);
        var markOnly = _options.DeadFlowPolicy == DeadFlowPolicy.MarkUnreachable;
        var count = await _store.RemoveFlowAsync(flowId, markOnly, cancellationToken).ConfigureAwait(false);
        SipRegistrarLog.FlowClosed(_logger, flowId, count, markOnly ? "marked unreachable" : "removed");
        return count;
    }

    /// <summary>
    /// The canonical address-of-record of a To URI (scheme sip, user unescaped, host lower-case, no port or
    /// parameters), applying <see cref="SipRegistrarOptions.EphemeralAorRule"/> for an authenticated ephemeral user.
    /// Null when the URI is not sip or sips.
    /// </summary>
    public string? GetAddressOfRecord(SipUri toUri, string? authenticatedUser) =>
        toUri.IsSip ? ResolveAor(toUri, authenticatedUser).Aor : null;

    private (string Aor, bool Authorized) ResolveAor(SipUri to, string? authenticatedUser)
    {
        var user = to.User.Unescape().ToString();
        var password = to.HasPassword ? to.Password.Unescape().ToString() : null;
        var host = to.Host.ToString().ToLowerInvariant();
        var filedUser = user;
        var authorized = true;
        if (authenticatedUser is not null)
        {
            var authLocal = LocalPart(authenticatedUser);
            var userAndPassword = password is null ? user : user + ":" + password;

            // Ephemeral credential: "<expiry>:<name>", with the To URI "sip:<expiry>:<name>@host" whose ":<name>" a URI parser takes as the password.
            var colon = authLocal.IndexOf(':', StringComparison.Ordinal);
            var ephemeral = colon > 0 && IsDigits(authLocal.AsSpan(0, colon))
                && (string.Equals(user, authLocal[..colon], StringComparison.Ordinal)
                    || string.Equals(userAndPassword, authenticatedUser, StringComparison.Ordinal));
            if (ephemeral && _options.EphemeralAorRule == EphemeralAorRule.AuthenticatedUser)
            {
                filedUser = authLocal[(colon + 1)..];
            }

            // The modern form: the client registers its address of record (the credential service's sipUri,
            // sip:<name>@host) and answers the challenge as <expiry>:<name> (its authorizationUser).
            var credentialName = colon > 0 && IsDigits(authLocal.AsSpan(0, colon)) ? authLocal[(colon + 1)..] : null;
            var namedByCredential = credentialName is { Length: > 0 } && password is null
                && string.Equals(user, credentialName, StringComparison.Ordinal);

            authorized = !_options.AuthorizeAor
                || ephemeral
                || namedByCredential
                || string.Equals(user, authenticatedUser, StringComparison.Ordinal)
                || string.Equals(user, authLocal, StringComparison.Ordinal)
                || string.Equals(userAndPassword, authenticatedUser, StringComparison.Ordinal)
                || string.Equals(userAndPassword, authLocal, StringComparison.Ordinal);
        }

        return (filedUser.Length == 0 ? "sip:" + host : "sip:" + filedUser + "@" + host, authorized);

        static string LocalPart(string digestUser)
        {
            var at = digestUser.IndexOf('@', StringComparison.Ordinal);
            return at < 0 ? digestUser : digestUser[..at];
        }

        static bool IsDigits(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private bool IsLocalDomain(SipText host)
    {
        var domains = _options.LocalDomains;
        for (var i = 0; i < domains.Count; i++)
        {
            if (host.EqualsIgnoreCase(domains[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A URI of a domain we serve with a <c>gr</c> parameter: a GRUU this registrar gives, public or temporary.</summary>
    private bool IsOwnGruu(SipUri uri) => uri.IsSip && uri.Parameters.Contains("gr"u8) && IsLocalDomain(uri.Host);

    private static string? UnsupportedRequirements(SipRequest register, bool gruu)
    {
        StringBuilder? unsupported = null;
        foreach (var token in register.Require)
        {
            if (token.Text.EqualsIgnoreCase("path"u8) || token.Text.EqualsIgnoreCase("outbound"u8) || (gruu && token.Text.EqualsIgnoreCase("gruu"u8)))
            {
                continue;
            }

            unsupported = unsupported is null ? new StringBuilder() : unsupported.Append(", ");
            unsupported.Append(token.Text.ToString());
        }

        return unsupported?.ToString();
    }

    /// <summary>RFC 5626 §6: with a Path, the first hop (the bottom Path entry) must have added <c>ob</c>; without one, we are the first hop.</summary>
    private static bool FirstHopSupportsOutbound(SipRequest register)
    {
        SipNameAddress? last = null;
        foreach (var hop in register.Path)
        {
            last = hop;
        }

        return last is not { } firstHop || firstHop.Uri.Parameters.Contains("ob"u8);
    }

    private static ImmutableArray<string> ReadPath(SipRequest register)
    {
        var path = register.Path;
        if (path.IsEmpty)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var hop in path)
        {
            builder.Add(hop.Raw.ToString());
        }

        return builder.ToImmutable();
    }

    private static bool ContainsReference(List<SipBinding> bindings, SipBinding binding)
    {
        foreach (var b in bindings)
        {
            if (ReferenceEquals(b, binding))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyOutOfOrder(List<SipBinding> bindings, string callId, uint cseq)
    {
        foreach (var binding in bindings)
        {
            if (IsOutOfOrder(binding, callId, cseq))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOutOfOrder(SipBinding binding, string callId, uint cseq) =>
        string.Equals(binding.CallId, callId, StringComparison.Ordinal) && cseq <= binding.CSeq;

    /// <summary>
    /// The binding a contact refers to: with <c>+sip.instance</c>, the one with the same instance (and the same
    /// reg-id when outbound, RFC 5626 §6); otherwise the one whose URI is equivalent (RFC 3261 §19.1.4).
    /// </summary>
    private static int FindBinding(List<SipBinding> bindings, ContactRequest request)
    {
        var instance = request.Contact.Instance;
        uint? regId = request.Outbound ? request.Contact.RegId : null;
        var uri = request.Contact.Uri;
        for (var i = 0; i < bindings.Count; i++)
        {
            var b = bindings[i];
            if (!instance.IsEmpty)
            {
                if (b.Instance is not null && instance.Equals(b.Instance) && (b.IsOutbound ? b.RegId : null) == regId)
                {
                    return i;
                }
            }
            else if (uri.Raw.Equals(b.ContactUri) || (SipUri.TryParse(b.ContactUri, out var stored) && stored.IsEquivalentTo(uri)))
            {
                return i;
            }
        }

        return -1;
    }

    private static SipBinding CreateBinding(
        string aor, ContactRequest request, RegistrationContext context, ImmutableArray<string> path, string callId, uint cseq, DateTimeOffset now,
        SipBinding? existing)
    {
        var contact = request.Contact;
        StringBuilder? parameters = null;
        foreach (var p in contact.Parameters)
        {
            if (p.Name.EqualsIgnoreCase("expires"u8))
            {
                continue;
            }

            parameters ??= new StringBuilder();
            parameters.Append(';').Append(p.Name.ToString());
            if (p.HasValue)
            {
                parameters.Append('=').Append(p.Value.ToString());
            }
        }

        // A refresh mostly repeats what is stored: keep the stored strings where the text is the same, so a refresh
        // does not leave their old copies behind for the collector.
        var contactUri = contact.Uri.Raw;
        var displayName = contact.Address.RawDisplayName;
        var parameterText = parameters?.ToString() ?? string.Empty;
        var source = context.Source;
        return new SipBinding
        {
            Aor = existing is not null && string.Equals(existing.Aor, aor, StringComparison.Ordinal) ? existing.Aor : aor,
            ContactUri = existing is not null && contactUri.Equals(existing.ContactUri) ? existing.ContactUri : contactUri.ToString(),
            DisplayName = existing is not null && displayName.Equals(existing.DisplayName) ? existing.DisplayName : displayName.ToString(),
            ContactParameters = existing is not null && string.Equals(existing.ContactParameters, parameterText, StringComparison.Ordinal)
                ? existing.ContactParameters
                : parameterText,
            ExpiresAt = now.AddSeconds(request.Expires),
            UpdatedAt = now,
            CallId = existing is not null && string.Equals(existing.CallId, callId, StringComparison.Ordinal) ? existing.CallId : callId,
            CSeq = cseq,
            Q = contact.Q,
            Instance = contact.Instance.IsEmpty ? null
                : existing?.Instance is { } instance && contact.Instance.Equals(instance) ? instance : contact.Instance.ToString(),
            RegId = contact.RegId,
            IsOutbound = request.Outbound,
            Path = path,
            FlowId = context.FlowId,
            Transport = context.Transport,
            SourceEndPoint = source is null ? null
                : existing?.SourceEndPoint is { } stored && SameEndPoint(stored, source) ? stored : source.ToString(),
        };
    }

    /// <summary>True when <paramref name="text"/> is <paramref name="endPoint"/>'s <see cref="object.ToString"/>, without formatting
    /// an IP end point into a new string.</summary>
    private static bool SameEndPoint(string text, System.Net.EndPoint endPoint)
    {
        if (endPoint is not System.Net.IPEndPoint ip)
        {
            return string.Equals(text, endPoint.ToString(), StringComparison.Ordinal);
        }

        Span<char> formatted = stackalloc char[72];
        var at = 0;
        var v6 = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (v6)
        {
            formatted[at++] = '[';
        }

        if (!ip.Address.TryFormat(formatted[at..], out var written))
        {
            return false;
        }

        at += written;
        if (v6)
        {
            formatted[at++] = ']';
        }

        formatted[at++] = ':';
        ip.Port.TryFormat(formatted[at..], out written, provider: CultureInfo.InvariantCulture);
        return text.AsSpan().SequenceEqual(formatted[..(at + written)]);
    }

    private RegistrarOutcome Accept(
        SipRequest register,
        RegistrarAction action,
        string aor,
        List<SipBinding> bindings,
        List<SipBinding> added,
        List<SipBinding> refreshed,
        List<SipBinding> removed,
        DateTimeOffset now,
        ImmutableArray<string> path,
        bool outbound)
    {
        var response = SipResponse.CreateFor(register, 200);
        var headers = response.Headers;
        var gruu = _options.EnableGruu && register.Supported.Contains("gruu"u8, ignoreCase: true);
        Span<char> contact = stackalloc char[512];
        foreach (var binding in bindings)
        {
            var gruus = gruu && binding.Instance is { } instance ? GruuParameters(binding, instance) : string.Empty;
            if (binding.TryFormatContactValue(contact, now, gruus, out var written))
            {
                headers.Add(SipHeaderId.Contact, contact[..written]);
            }
            else
            {
                headers.Add(SipHeaderId.Contact, binding.ToContactValue(now) + gruus);
            }
        }

        foreach (var hop in path)
        {
            headers.Add(SipHeaderId.Path, hop);
        }

        if (outbound)
        {
            headers.Add(SipHeaderId.Require, "outbound");
        }

        headers.Add(SipHeaderId.Date, _date.Format(now));
        _metrics?.Accepted(action);
        return new RegistrarOutcome
        {
            Response = response,
            Action = action,
            Aor = aor,
            Bindings = bindings,
            Added = added,
            Refreshed = refreshed,
            Removed = removed,
        };
    }

    /// <summary>
    /// The <c>pub-gruu</c> and <c>temp-gruu</c> contact parameters of a binding with an instance: a new temporary GRUU each
    /// time, every earlier one staying valid while the binding keeps its Call-ID.
    /// </summary>
    private string GruuParameters(SipBinding binding, string instance) =>
        $";pub-gruu=\"{SipGruu.Public(binding.Aor, instance)}\";temp-gruu=\"{Gruu.CreateTemporary(binding.Aor, instance, binding.CallId)}\"";

    private RegistrarOutcome RefuseUnavailable(SipRequest register, RegistrarRefusal reason, string phrase, string aor)
    {
        var outcome = Refuse(register, 503, reason, phrase, aor);
        if (_options.RetryAfterSeconds > 0)
        {
            outcome.Response.Headers.Set(SipHeaderId.RetryAfter, _options.RetryAfterSeconds);
        }

        return outcome;
    }

    private RegistrarOutcome Refuse(SipRequest register, int status, RegistrarRefusal reason, string? phrase = null, string? aor = null)
    {
        SipRegistrarLog.Refused(_logger, status, reason);
        _metrics?.Refused(reason);
        return new RegistrarOutcome
        {
            Response = SipResponse.CreateFor(register, status, phrase),
            Action = RegistrarAction.Refused,
            Refusal = reason,
            Aor = aor,
        };
    }

    private readonly record struct ContactRequest(SipContact Contact, uint Expires, bool Outbound);
}
