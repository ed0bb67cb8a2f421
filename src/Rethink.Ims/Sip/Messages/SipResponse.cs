using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>A SIP response: status code, reason phrase, headers and body.</summary>
public sealed class SipResponse : SipMessage
{
    private SipText _reasonPhrase;

    /// <summary>Creates a response with no headers; the reason phrase defaults to the standard one.</summary>
    public SipResponse(int statusCode, string? reasonPhrase = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        if (reasonPhrase is null || string.Equals(reasonPhrase, SipReasonPhrases.Get(statusCode), StringComparison.Ordinal))
        {
            _reasonPhrase = new SipText(SipReasonPhrases.GetUtf8(statusCode));
        }
        else
        {
            ReasonPhrase = reasonPhrase;
        }
    }

    internal SipResponse(
        int statusCode, SipText reasonPhrase, SipText buffer, SipHeaderEntry[] headers, int count,
        ReadOnlyMemory<byte> body, IDisposable? owner)
        : base(buffer, headers, count, body, owner)
    {
        StatusCode = statusCode;
        _reasonPhrase = reasonPhrase;
    }

    private SipResponse(SipResponse source)
        : base(source, room: 0)
    {
        StatusCode = source.StatusCode;
        _reasonPhrase = new SipText(source.Relocate(source._reasonPhrase.Memory, this));
    }

    /// <inheritdoc/>
    public override bool IsRequest => false;

    /// <summary>The status code (100-699).</summary>
    public int StatusCode { get; set; }

    /// <summary>The reason phrase as a string (allocates).</summary>
    public string ReasonPhrase
    {
        get => _reasonPhrase.ToString();
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException("A reason phrase cannot hold CR or LF.", nameof(value));
            }

            _reasonPhrase = new SipText(Encoding.UTF8.GetBytes(value));
        }
    }

    /// <summary>The reason phrase bytes as received.</summary>
    public SipText RawReasonPhrase => _reasonPhrase;

    /// <summary>True for 1xx.</summary>
    public bool IsProvisional => StatusCode < 200;

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    internal override SipMessage Copy() => new SipResponse(this);

    /// <summary>
    /// Builds the response to <paramref name="request"/> as RFC 3261 §8.2.6 says: every Via (in order),
    /// From, Call-ID and CSeq copied as they are, To copied and given a tag when it has none (except for
    /// 100), and Timestamp copied for 100 Trying. Missing headers are not invented (RFC 4475 insuf).
    /// </summary>
    /// <param name="request">The request being answered; its headers are copied, so it may be disposed afterwards.</param>
    /// <param name="statusCode">100-699.</param>
    /// <param name="reasonPhrase">The reason phrase, or null for the standard one.</param>
    /// <param name="toTag">The To tag to add, or null for a random one.</param>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase);

        // One arena for what is copied here and what the caller typically adds (a challenge, a few Contacts, a Date).
        var copied = 0;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            ref readonly var entry = ref request.GetEntry(i);
            copied += IsCopied(entry.Id, statusCode) ? entry.ValueLength : 0;
        }

        response.ReserveArena(copied + 320);
        for (var i = 0; i < request.HeaderCount; i++)
        {
            var id = request.GetEntry(i).Id;
            if (id != SipHeaderId.To && IsCopied(id, statusCode))
            {
                response.Insert(response.HeaderCount, id, default, request.GetValueText(i).Span);
            }
            else if (id == SipHeaderId.To)
            {
                var value = request.GetValueText(i);
                if (statusCode > 100 && SipNameAddress.TryParse(value, out var to) && !to.HasTag)
                {
                    InsertToWithTag(response, SipSyntax.TrimLws(value.Span), toTag ?? SipIdentifiers.NewTag());
                }
                else
                {
                    response.Insert(response.HeaderCount, id, default, value.Span);
                }
            }
        }

        response.Headers.Set(SipHeaderId.ContentLength, 0);
        return response;
    }

    /// <summary>The request headers a response repeats (RFC 3261 §8.2.6.2), To with a tag added when it has none.</summary>
    private static bool IsCopied(SipHeaderId id, int statusCode) =>
        id is SipHeaderId.Via or SipHeaderId.From or SipHeaderId.To or SipHeaderId.CallId or SipHeaderId.CSeq
        || (id == SipHeaderId.Timestamp && statusCode == 100);

    private static void InsertToWithTag(SipResponse response, ReadOnlySpan<byte> to, string tag)
    {
        var length = to.Length + 5 + Encoding.UTF8.GetByteCount(tag);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        to.CopyTo(bytes);
        ";tag="u8.CopyTo(bytes[to.Length..]);
        Encoding.UTF8.GetBytes(tag, bytes[(to.Length + 5)..]);
        response.Insert(response.HeaderCount, SipHeaderId.To, default, bytes);
    }
}
