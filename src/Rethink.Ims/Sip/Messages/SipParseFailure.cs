namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Why parsing failed and what to do about it. Allocated only on failure.
/// </summary>
public sealed class SipParseFailure
{
    internal SipParseFailure(
        SipParseError error, SipHeaderId header, string detail, SipRequest? request, int statusCode, bool closeConnection)
    {
        Error = error;
        Header = header;
        Detail = detail;
        CloseConnection = closeConnection;

        // A request can be answered when a response can be built: the Via to send it back along and the
        // CSeq to match it (RFC 4475 insuf: echo Via and CSeq, invent nothing).
        if (request is not null && statusCode != 0
            && request.IndexOf(SipHeaderId.Via, 0) >= 0 && request.IndexOf(SipHeaderId.CSeq, 0) >= 0)
        {
            Request = request;
            Disposition = SipErrorDisposition.Respond;
            StatusCode = statusCode;
            ReasonPhrase = statusCode switch
            {
                505 => "Version Not Supported",
                501 => "Not Implemented",
                _ => "Bad Request (" + detail + ")",
            };
        }
    }

    /// <summary>The error.</summary>
    public SipParseError Error { get; }

    /// <summary>The header concerned, when the error is about one known header.</summary>
    public SipHeaderId Header { get; }

    /// <summary>A short human-readable explanation (no message content beyond header names).</summary>
    public string Detail { get; }

    /// <summary>Whether to answer or drop.</summary>
    public SipErrorDisposition Disposition { get; }

    /// <summary>The status code to answer with (400, 501 or 505), or 0 when dropping.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase to answer with, or null when dropping.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>
    /// The request as far as it could be read, to build the error response from (its Via, From, To,
    /// Call-ID and CSeq are copied raw). Never process it further. Null when dropping.
    /// </summary>
    public SipRequest? Request { get; }

    /// <summary>True when message framing on a stream is lost: the connection must be closed (after any answer).</summary>
    public bool CloseConnection { get; }

    /// <summary>The error and detail.</summary>
    public override string ToString() => $"{Error}: {Detail}";
}
