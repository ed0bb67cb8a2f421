namespace Rethink.Ims.Sip.Messages;

/// <summary>Why bytes were not accepted as a SIP message.</summary>
public enum SipParseError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Nothing but CRLFs (or nothing at all).</summary>
    Empty,

    /// <summary>The message is larger than <see cref="SipParserOptions.MaxMessageSize"/>.</summary>
    MessageTooLarge,

    /// <summary>More header fields than <see cref="SipParserOptions.MaxHeaderCount"/>.</summary>
    TooManyHeaders,

    /// <summary>The start line or a header field (with its folded lines) is longer than <see cref="SipParserOptions.MaxHeaderLineLength"/>.</summary>
    HeaderTooLong,

    /// <summary>Content-Length is above <see cref="SipParserOptions.MaxBodySize"/>.</summary>
    BodyTooLarge,

    /// <summary>The header section does not end (no empty line) within the bytes given.</summary>
    IncompleteMessage,

    /// <summary>A line ends with a bare LF, or a CR appears outside a CRLF.</summary>
    InvalidLineEnding,

    /// <summary>The start line is neither a Request-Line nor a Status-Line (extra or missing spaces, for example).</summary>
    InvalidStartLine,

    /// <summary>The method is not a token.</summary>
    InvalidMethod,

    /// <summary>The Request-URI is not a valid URI, or holds what a Request-URI may not (angle brackets, spaces, a header part).</summary>
    InvalidRequestUri,

    /// <summary>The SIP version is not 2.0 (a request gets 505).</summary>
    UnsupportedVersion,

    /// <summary>The status code is not three digits from 100 to 699.</summary>
    InvalidStatusCode,

    /// <summary>A header line has no valid name or no colon, or starts with whitespace where no header precedes it.</summary>
    InvalidHeaderLine,

    /// <summary>A mandatory header (Via, From, To, Call-ID, CSeq) is missing.</summary>
    MissingHeader,

    /// <summary>A single-valued header (Call-ID, CSeq, From, To, Max-Forwards, Content-Length, ...) appears more than once.</summary>
    DuplicateHeader,

    /// <summary>A header value does not follow its grammar; <see cref="SipParseFailure.Header"/> says which.</summary>
    InvalidHeaderValue,

    /// <summary>Content-Length is not a non-negative decimal number.</summary>
    InvalidContentLength,

    /// <summary>Fewer body bytes arrived than Content-Length announces (datagram).</summary>
    BodyLengthMismatch,

    /// <summary>A message on a stream transport has no Content-Length, so it cannot be framed.</summary>
    MissingContentLength,

    /// <summary>The CSeq method differs from the request method.</summary>
    CSeqMethodMismatch,
}
