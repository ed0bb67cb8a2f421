using System.Buffers;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Cuts a byte stream (TCP, TLS, or the concatenated payloads of a connection) into SIP messages by
/// Content-Length (RFC 3261 §18.3), across partial reads and with several messages per read, and
/// reports CRLF keep-alives (RFC 5626 §3.5.1). One framer per connection; not thread-safe.
/// </summary>
/// <remarks>
/// Call <see cref="TryReadFrame"/> with the unread bytes until it returns false, then read more and
/// call again with the same unread bytes plus the new ones (the System.IO.Pipelines pattern: advance
/// the reader to <c>buffer.Start</c>, examined to <c>buffer.End</c>). Each message is copied into a
/// pooled array that the message returns when disposed. A message without Content-Length, or with a
/// malformed or repeated one, loses framing: the frame's failure then says to close the connection.
/// </remarks>
public sealed class SipStreamFramer
{
    private readonly SipParserOptions _options;
    private bool _afterLoneCrlf;
    private bool _broken;

    /// <summary>Creates a framer with the given limits (or the defaults).</summary>
    public SipStreamFramer(SipParserOptions? options = null)
    {
        _options = options ?? SipParserOptions.Default;
        _options.Validate();
    }

    /// <summary>
    /// Reads one frame from the head of <paramref name="buffer"/> and slices it off. Returns false when
    /// more bytes are needed (nothing is consumed then).
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out SipFrame frame)
    {
        frame = default;
        if (buffer.IsEmpty || _broken)
        {
            return false;
        }

        var first = buffer.FirstSpan[0];
        if (first == SipSyntax.Cr || first == SipSyntax.Lf)
        {
            return TryReadKeepAlive(ref buffer, out frame);
        }

        _afterLoneCrlf = false;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8, advancePastDelimiter: true))
        {
            if (buffer.Length > _options.MaxMessageSize)
            {
                frame = Lost(SipParseError.MessageTooLarge, "Header section too large", ref buffer);
                return true;
            }

            return false;
        }

        var headerLength = (int)head.Length + 4;
        if (headerLength > _options.MaxMessageSize)
        {
            frame = Lost(SipParseError.MessageTooLarge, "Header section too large", ref buffer);
            return true;
        }

        var headerBuffer = new PooledBuffer(headerLength);
        var headerBytes = headerBuffer.Array.AsMemory(0, headerLength);
        buffer.Slice(0, headerLength).CopyTo(headerBytes.Span);
        var lengthResult = FindContentLength(headerBytes.Span, out var contentLength);
        if (lengthResult != ContentLengthResult.Found)
        {
            var (error, detail) = lengthResult switch
            {
                ContentLengthResult.Missing => (SipParseError.MissingContentLength, "Missing Content-Length"),
                ContentLengthResult.Duplicate => (SipParseError.DuplicateHeader, "Multiple Content-Length headers"),
                _ => (SipParseError.InvalidContentLength, "Invalid Content-Length"),
            };
            frame = LostWithAnswer(error, detail, headerBytes, headerBuffer, ref buffer);
            return true;
        }

        if (contentLength > _options.MaxBodySize || headerLength + contentLength > _options.MaxMessageSize)
        {
            headerBuffer.Dispose();
            frame = Lost(SipParseError.BodyTooLarge, "Body too large", ref buffer);
            return true;
        }

        var total = headerLength + (int)contentLength;
        if (buffer.Length < total)
        {
            headerBuffer.Dispose();
            return false;
        }

        PooledBuffer messageBuffer;
        if (contentLength == 0)
        {
            messageBuffer = headerBuffer;
        }
        else
        {
            headerBuffer.Dispose();
            messageBuffer = new PooledBuffer(total);
            buffer.Slice(0, total).CopyTo(messageBuffer.Array);
        }

        buffer = buffer.Slice(total);
        var result = SipParser.ParseCore(messageBuffer.Array.AsMemory(0, total), messageBuffer, _options);
        if (!result.IsSuccess && result.Failure.Request is null)
        {
            messageBuffer.Dispose();
        }

        frame = new SipFrame(SipFrameKind.Message, result);
        return true;
    }

    private bool TryReadKeepAlive(ref ReadOnlySequence<byte> buffer, out SipFrame frame)
    {
        frame = default;
        Span<byte> head = stackalloc byte[4];
        var n = (int)Math.Min(4, buffer.Length);
        buffer.Slice(0, n).CopyTo(head);
        head = head[..n];

        if (head[0] != SipSyntax.Cr || (n >= 2 && head[1] != SipSyntax.Lf))
        {
            frame = Lost(SipParseError.InvalidLineEnding, "Bare CR or LF between messages", ref buffer);
            return true;
        }

        if (n < 2)
        {
            return false;
        }

        if (n == 4 && head[2] == SipSyntax.Cr && head[3] == SipSyntax.Lf)
        {
            buffer = buffer.Slice(4);
            _afterLoneCrlf = false;
            frame = new SipFrame(SipFrameKind.Ping, default);
            return true;
        }

        if (_afterLoneCrlf)
        {
            // The second half of a ping whose first CRLF arrived alone.
            buffer = buffer.Slice(2);
            _afterLoneCrlf = false;
            frame = new SipFrame(SipFrameKind.Ping, default);
            return true;
        }

        if (n == 3 && head[2] == SipSyntax.Cr)
        {
            // Probably a ping cut after its third byte.
            return false;
        }

        // A lone CRLF: a pong, or the first half of a ping (then the next CRLF completes it).
        buffer = buffer.Slice(2);
        _afterLoneCrlf = n == 2;
        frame = new SipFrame(SipFrameKind.Pong, default);
        return true;
    }

    private SipFrame Lost(SipParseError error, string detail, ref ReadOnlySequence<byte> buffer)
    {
        _broken = true;
        buffer = buffer.Slice(buffer.End);
        var failure = new SipParseFailure(error, SipHeaderId.Unknown, detail, request: null, statusCode: 0, closeConnection: true);
        return new SipFrame(SipFrameKind.Message, new SipParseResult(failure));
    }

    /// <summary>Framing is lost, but the header section is complete: answer a request with 400 if it can be.</summary>
    private SipFrame LostWithAnswer(
        SipParseError error, string detail, ReadOnlyMemory<byte> headerBytes, PooledBuffer owner, ref ReadOnlySequence<byte> buffer)
    {
        _broken = true;
        buffer = buffer.Slice(buffer.End);
        var quiet = new SipParserOptions
        {
            MaxMessageSize = _options.MaxMessageSize,
            MaxHeaderCount = _options.MaxHeaderCount,
            MaxHeaderLineLength = _options.MaxHeaderLineLength,
            MaxBodySize = int.MaxValue,
            Validation = SipValidation.None,
        };

        // Parse the header section alone (its Content-Length cannot be honoured) to find Via and CSeq.
        var withoutLength = SipParser.ParseCore(headerBytes, owner, quiet);
        var request = withoutLength.Message as SipRequest ?? withoutLength.Failure?.Request;
        var failure = new SipParseFailure(error, SipHeaderId.ContentLength, detail, request, 400, closeConnection: true);
        if (failure.Request is null)
        {
            owner.Dispose();
        }

        return new SipFrame(SipFrameKind.Message, new SipParseResult(failure));
    }

    private enum ContentLengthResult
    {
        Found,
        Missing,
        Duplicate,
        Invalid,
    }

    /// <summary>Finds Content-Length (or "l") in a complete header section that starts with the start line.</summary>
    private static ContentLengthResult FindContentLength(ReadOnlySpan<byte> h, out long length)
    {
        length = 0;
        var found = false;
        var p = h.IndexOf(SipSyntax.Lf) + 1;
        while (p < h.Length)
        {
            var lineLf = h[p..].IndexOf(SipSyntax.Lf);
            if (lineLf < 0)
            {
                break;
            }

            var lineEnd = p + lineLf;
            var c = h[p];
            if (c is not (SipSyntax.Sp or SipSyntax.Ht or SipSyntax.Cr))
            {
                var nameEnd = SipSyntax.ScanToken(h, p);
                var q = nameEnd;
                while (q < lineEnd && h[q] is SipSyntax.Sp or SipSyntax.Ht)
                {
                    q++;
                }

                var name = h[p..nameEnd];
                if (q < lineEnd && h[q] == ':'
                    && ((name.Length == 1 && (name[0] | 0x20) == 'l') || SipSyntax.EqualsLower(name, "content-length"u8)))
                {
                    if (found)
                    {
                        return ContentLengthResult.Duplicate;
                    }

                    // The value runs to the end of the field, folded lines included.
                    var end = lineEnd;
                    while (end + 1 < h.Length && h[end + 1] is SipSyntax.Sp or SipSyntax.Ht)
                    {
                        var next = h[(end + 1)..].IndexOf(SipSyntax.Lf);
                        if (next < 0)
                        {
                            break;
                        }

                        end += 1 + next;
                    }

                    if (!SipSyntax.TryParseDigits(SipSyntax.TrimLws(h[(q + 1)..end]), int.MaxValue, out var value))
                    {
                        return ContentLengthResult.Invalid;
                    }

                    length = (long)value;
                    found = true;
                }
            }

            p = lineEnd + 1;
        }

        return found ? ContentLengthResult.Found : ContentLengthResult.Missing;
    }
}
