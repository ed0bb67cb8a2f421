using System.Text;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// The checks every request gets before anything acts on it, in the order of RFC 3261 §16.3 and §8.2: a Request-URI
/// scheme not handled gets 416, <c>Max-Forwards: 0</c> gets 483 (the request must not go further, and this server answers
/// as a proxy would, as Kamailio's <c>mf_process_maxfwd_header</c> does), an unknown option tag in Proxy-Require (and in
/// Require, <see cref="SipRequestChecksOptions.CheckRequire"/>) gets 420 with Unsupported, a REGISTER whose To is not a
/// SIP or SIPS URI gets 400 (no address-of-record, RFC 3261 §10.3; no credential could fix it, so before the challenge),
/// and a session request whose body cannot be understood gets 415 (or 406 for an INVITE that accepts no body type
/// understood; <see cref="SipRequestChecksOptions.CheckContent"/>). Put it first in the pipeline. ACK is never answered.
/// </summary>
public sealed class SipRequestChecksMiddleware : ISipMiddleware
{
    private readonly byte[][] _schemes;
    private readonly byte[][] _optionTags;
    private readonly (byte[] Type, byte[] Subtype)[] _contentTypes;
    private readonly string _accept;
    private readonly bool _checkRequire;
    private readonly bool _checkContent;

    /// <summary>Creates the middleware from <paramref name="options"/>.</summary>
    public SipRequestChecksMiddleware(IOptions<SipRequestChecksOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _schemes = [.. value.UriSchemes.Select(Encoding.ASCII.GetBytes)];
        _optionTags = [.. value.SupportedOptionTags.Select(Encoding.ASCII.GetBytes)];
        _contentTypes = [.. value.ContentTypes.Select(ParseType)];
        _accept = string.Join(", ", value.ContentTypes);
        _checkRequire = value.CheckRequire;
        _checkContent = value.CheckContent;
    }

    /// <inheritdoc />
#pragma warning disable CA1716 // 'next' as in ISipMiddleware.
    public Task InvokeAsync(SipContext context, SipRequestDelegate next)
#pragma warning restore CA1716
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.Request;
        var kind = request.Method.Kind;
        if (kind == SipMethodKind.Ack)
        {
            return next(context);
        }

        if (!IsHandledScheme(request.RequestUri.SchemeName))
        {
            return context.RespondAsync(416).AsTask();
        }

        if (request.MaxForwards == 0)
        {
            return context.RespondAsync(483).AsTask();
        }

        var unsupported = Unsupported(request.ProxyRequire, null);
        if (_checkRequire && kind != SipMethodKind.Cancel)
        {
            unsupported = Unsupported(request.Require, unsupported);
        }

        if (unsupported is not null)
        {
            var tags = string.Join(", ", unsupported);
            return context.RespondAsync(420, configure: response => response.Headers.Add(SipHeaderId.Unsupported, tags)).AsTask();
        }

        if (kind == SipMethodKind.Register && !request.To.Uri.IsSip)
        {
            return context.RespondAsync(400, "Address-of-record must be a SIP or SIPS URI").AsTask();
        }

        if (_checkContent && kind is SipMethodKind.Invite or SipMethodKind.Update or SipMethodKind.Prack)
        {
            var status = CheckContent(request, kind);
            if (status != 0)
            {
                var accept = _accept;
                return context.RespondAsync(status, configure: response =>
                {
                    response.Headers.Add(SipHeaderId.Accept, accept);
                    if (status == 415)
                    {
                        response.Headers.Add(SipHeaderId.AcceptEncoding, "identity");
                    }
                }).AsTask();
            }
        }

        return next(context);
    }

    private bool IsHandledScheme(SipText scheme)
    {
        foreach (var handled in _schemes)
        {
            if (scheme.EqualsIgnoreCase(handled))
            {
                return true;
            }
        }

        return false;
    }

    private List<string>? Unsupported(SipHeaderValues<SipToken> tags, List<string>? into)
    {
        foreach (var tag in tags)
        {
            var known = false;
            foreach (var supported in _optionTags)
            {
                known |= tag.Text.EqualsIgnoreCase(supported);
            }

            if (!known)
            {
                var text = tag.Text.ToString();
                into ??= [];
                if (!into.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    into.Add(text);
                }
            }
        }

        return into;
    }

    /// <summary>415, 406 or 0 when the body and Accept are fine.</summary>
    private int CheckContent(SipRequest request, SipMethodKind kind)
    {
        if (!request.Body.IsEmpty)
        {
            if (!IsUnderstood(request.ContentType))
            {
                return 415;
            }

            if (request.Headers.TryGetValue(SipHeaderId.ContentEncoding, out var encoding) && !encoding.IsEmpty
                && !encoding.EqualsIgnoreCase("identity"u8))
            {
                return 415;
            }
        }

        if (kind == SipMethodKind.Invite && request.Headers.Contains(SipHeaderId.Accept))
        {
            foreach (var accepted in new SipHeaderValues<SipMediaType>(request, SipHeaderId.Accept))
            {
                if (accepted.Type.Span is [(byte)'*'] || IsUnderstood(accepted)
                    || (accepted.Subtype.Span is [(byte)'*'] && _contentTypes.Any(t => accepted.Type.EqualsIgnoreCase(t.Type))))
                {
                    return 0;
                }
            }

            return 406;
        }

        return 0;
    }

    private bool IsUnderstood(SipMediaType type)
    {
        foreach (var (major, minor) in _contentTypes)
        {
            if (type.Is(major, minor))
            {
                return true;
            }
        }

        return false;
    }

    private static (byte[] Type, byte[] Subtype) ParseType(string type)
    {
        var slash = type.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == type.Length - 1)
        {
            throw new InvalidOperationException($"'{type}' is not a type/subtype media type.");
        }

        return (Encoding.ASCII.GetBytes(type[..slash].Trim()), Encoding.ASCII.GetBytes(type[(slash + 1)..].Trim()));
    }
}
