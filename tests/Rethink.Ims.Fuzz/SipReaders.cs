using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// Reads everything a message offers, the way the layers above do, and every typed reader on every
/// header value (whatever its name), so the fuzzer reaches the value parsers with any bytes. Also
/// checks the laws that hold for single values.
/// </summary>
internal static class SipReaders
{
    private static long sink;

    public static void ReadAll(SipMessage message)
    {
        if (message is SipRequest request)
        {
            Touch(request.Method.Name);
            Uri(request.RequestUri);
        }
        else if (message is SipResponse response)
        {
            Touch(response.StatusCode);
            Touch(response.ReasonPhrase);
            Text(response.RawReasonPhrase);
        }

        foreach (var header in message.Headers)
        {
            Touch((int)header.Id);
            Text(header.Name);
            Text(header.Value);
            EveryReader(header.Value.Memory);
        }

        Text(message.CallId);
        Touch(message.CSeq.ToString());
        NameAddress(message.From);
        NameAddress(message.To);
        foreach (var via in message.Via)
        {
            Via(via);
        }

        Touch(message.Via.Count);
        Touch(message.Via.AllValid);
        Via(message.TopVia);
        foreach (var contact in message.Contact)
        {
            Contact(contact);
        }

        Touch(message.Contact.AllValid);
        Touch(message.MaxForwards ?? -1);
        Touch(message.Expires ?? 0);
        Touch(message.MinExpires ?? 0);
        Touch(message.ContentLength ?? -1);
        foreach (var values in new[] { message.Route, message.RecordRoute, message.Path, message.ServiceRoute })
        {
            foreach (var address in values)
            {
                NameAddress(address);
            }

            Touch(values.Count);
            Touch(values.AllValid);
            NameAddress(values.First);
        }

        foreach (var values in new[] { message.Authorization, message.ProxyAuthorization, message.WwwAuthenticate, message.ProxyAuthenticate })
        {
            foreach (var auth in values)
            {
                Auth(auth);
            }

            Touch(values.AllValid);
        }

        AuthParameters(message.AuthenticationInfo, checkLookup: false);
        MediaType(message.ContentType);
        foreach (var values in new[] { message.Supported, message.Require, message.ProxyRequire, message.Unsupported, message.Allow })
        {
            foreach (var token in values)
            {
                Text(token.Text);
            }

            Touch(values.Contains("100rel", ignoreCase: true));
        }

        foreach (var warning in message.Warning)
        {
            Touch(warning.Code);
            Text(warning.Agent);
            Text(warning.Text);
            Touch(warning.ToString());
        }

        Text(message.Date);
        Touch(message.TryGetDate(out var date) ? date.Ticks : 0);
        Text(message.UserAgent);
        Text(message.Server);
        Touch(message.Body.Length);
        Touch(message.ToString());
    }

    /// <summary>Every typed reader on one value, whatever header it came from.</summary>
    private static void EveryReader(ReadOnlyMemory<byte> value)
    {
        if (SipNameAddress.TryParse(value, out var address))
        {
            NameAddress(address);
        }

        if (SipVia.TryParse(value, out var via))
        {
            Via(via);
        }

        if (SipContact.TryParse(value, out var contact))
        {
            Contact(contact);
        }

        if (SipAuthHeaderValue.TryParse(value, out var auth))
        {
            Auth(auth);
        }

        if (SipMediaType.TryParse(value, out var mediaType))
        {
            MediaType(mediaType);
        }

        if (SipWarning.TryParse(value, out var warning))
        {
            Touch(warning.ToString());
            Text(warning.Text);
        }

        if (SipToken.TryParse(value, out var token))
        {
            Text(token.Text);
        }

        if (SipCSeq.TryParse(value, out var cseq))
        {
            Touch(cseq.ToString());
        }

        if (SipUri.TryParse(value, out var uri))
        {
            Uri(uri);
        }

        Text(new SipText(value));
    }

    private static void NameAddress(SipNameAddress address)
    {
        Text(address.Raw);
        Text(address.RawDisplayName);
        Text(address.DisplayName);
        Touch(address.IsNameAddr);
        Uri(address.Uri);
        Parameters(address.Parameters);
        Text(address.Tag);
        Touch(address.HasTag);
        Touch(address.ToString());
    }

    private static void Via(SipVia via)
    {
        Text(via.Raw);
        Text(via.ProtocolName);
        Text(via.ProtocolVersion);
        Text(via.Transport);
        Touch((int)via.TransportKind);
        Text(via.Host);
        Touch((int)via.HostKind);
        Touch(via.Port ?? -1);
        Text(via.SentBy);
        Parameters(via.Parameters);
        Text(via.Branch);
        Touch(via.HasRfc3261Branch);
        Text(via.Received);
        Text(via.Maddr);
        Touch(via.HasRport);
        Touch(via.Rport ?? -1);
        Touch(via.Ttl ?? -1);
        Touch(via.ToString());
    }

    private static void Contact(SipContact contact)
    {
        Touch(contact.IsWildcard);
        NameAddress(contact.Address);
        Uri(contact.Uri);
        Text(contact.DisplayName);
        Parameters(contact.Parameters);
        Touch(contact.Expires ?? 0);
        Touch((long)((contact.Q ?? 0) * 1000));
        Text(contact.Instance);
        Touch(contact.RegId ?? 0);
        Touch(contact.ToString());
    }

    private static void Auth(SipAuthHeaderValue auth)
    {
        Text(auth.Raw);
        Text(auth.Scheme);
        Touch(auth.IsDigest);
        AuthParameters(auth.Parameters, checkLookup: auth.IsWellFormed);
        Text(auth.Username);
        Text(auth.Realm);
        Text(auth.Nonce);
        Touch(auth.IsWellFormed);
        Touch(auth.ToString());
    }

    private static void AuthParameters(SipAuthParameters parameters, bool checkLookup)
    {
        foreach (var parameter in parameters)
        {
            Parameter(parameter);

            // Law: in well-formed parameters (token names), what the enumerator yields is found by name.
            if (checkLookup && !parameters.TryGetValue(parameter.Name.Span, out _))
            {
                throw new LawViolationException($"an enumerated auth parameter is not found by its name: {parameter}");
            }
        }

        Touch(parameters.TryGetValue("qop", out var qop) ? qop.Length : 0);
    }

    private static void MediaType(SipMediaType mediaType)
    {
        Text(mediaType.Type);
        Text(mediaType.Subtype);
        Parameters(mediaType.Parameters);
        Touch(mediaType.IsSdp);
        Touch(mediaType.ToString());
    }

    private static void Parameters(SipParameters parameters)
    {
        var count = 0;
        foreach (var parameter in parameters)
        {
            count++;
            Parameter(parameter);

            // Law: what the enumerator yields can be found by name (the first of that name is).
            if (!parameters.Contains(parameter.Name.Span) || !parameters.TryGet(parameter.Name.Span, out _))
            {
                throw new LawViolationException($"an enumerated parameter is not found by its name: {parameter} in {parameters}");
            }
        }

        if (count != parameters.Count)
        {
            throw new LawViolationException($"Count {parameters.Count} but {count} enumerated in {parameters}");
        }

        Touch(parameters.Contains("lr"));
        Touch(parameters.ToString());
    }

    private static void Parameter(SipParameter parameter)
    {
        Text(parameter.Name);
        Text(parameter.Value);
        Touch(parameter.HasValue);
        Touch(parameter.ToString());
    }

    private static void Uri(SipUri uri)
    {
        Touch((int)uri.Scheme);
        Text(uri.SchemeName);
        Touch(uri.IsSip);
        Text(uri.User);
        Touch(uri.HasUser);
        Text(uri.Password);
        Touch(uri.HasPassword);
        Text(uri.Host);
        Touch((int)uri.HostKind);
        Touch(uri.Port ?? -1);
        Parameters(uri.Parameters);
        Text(uri.Headers);
        Touch(uri.HasHeaders);
        Text(uri.Transport);
        Touch(uri.IsLooseRouter);
        Touch(uri.GetHashCode());
        Touch(uri.ToString());

        // Law: URI equivalence (RFC 3261 §19.1.4) is reflexive, also between two parses of the same text.
        if (!uri.IsEmpty)
        {
            if (!uri.IsEquivalentTo(uri))
            {
                throw new LawViolationException($"a URI is not equivalent to itself: {uri}");
            }

            if (!SipUri.TryParse(uri.Raw.Memory.ToArray(), out var copy) || !copy.IsEquivalentTo(uri) || !uri.IsEquivalentTo(copy))
            {
                throw new LawViolationException($"a URI does not reparse to an equivalent one: {uri}");
            }
        }
    }

    private static void Text(SipText text)
    {
        Touch(text.Length);
        Touch(text.GetHashCode());
        Touch(text.ToString());
        var unquoted = text.Unquote();
        Touch(unquoted.Length);
        var unescaped = text.Unescape();
        Touch(unescaped.Length);

        // Law: unescaping never lengthens (a %HH is three bytes for one).
        if (unescaped.Length > text.Length || unquoted.Length > text.Length)
        {
            throw new LawViolationException($"Unquote/Unescape lengthened {text}");
        }
    }

    private static void Touch(bool value) => sink += value ? 1 : 0;

    private static void Touch(long value) => sink += value;

    private static void Touch(string? value) => sink += value?.Length ?? 0;
}
