using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// SIP over datagrams (UDP, one WebSocket message): <see cref="SipParser.Parse(byte[], SipParserOptions?)"/>
/// at every validation level, every reader on what parses, the answer to what fails, and the laws
/// below. Nothing may throw: wire input yields a message or a typed failure.
/// </summary>
internal static class SipDatagramTarget
{
    private static readonly SipParserOptions None = new() { Validation = SipValidation.None };
    private static readonly SipParserOptions Essential = new() { Validation = SipValidation.Essential };
    private static readonly SipParserOptions Full = new() { Validation = SipValidation.Full };

    /// <summary>Limits small enough for fuzzed inputs to reach every limit check.</summary>
    internal static readonly SipParserOptions Tight = new()
    {
        MaxMessageSize = 300,
        MaxHeaderCount = 6,
        MaxHeaderLineLength = 60,
        MaxBodySize = 20,
    };

    public static void Run(byte[] input)
    {
        // Every reader runs on the least validated message and on the request a failure at the default
        // level hands back (what a transport answers from); the other levels only have to not throw.
        using var lax = SipParser.Parse(input, None).Message;
        using var essential = Parse(input, Essential, answer: true);
        using var full = Parse(input, Full, answer: false);
        using var tight = Parse(input, Tight, answer: false);

        // Law: validation levels are nested. What Full accepts Essential accepts, and what Essential
        // accepts None accepts.
        if (full is not null && essential is null)
        {
            throw new LawViolationException("Full validation accepted what Essential rejected");
        }

        if (essential is not null && lax is null)
        {
            throw new LawViolationException("Essential validation accepted what None rejected");
        }

        if (lax is not null)
        {
            // Readers face unvalidated messages too (a registrar reads every Contact, a proxy the Route).
            SipReaders.ReadAll(lax);
            RoundTrip(lax, None);
        }

        if (essential is not null)
        {
            RoundTrip(essential, Essential);
        }

        if (essential is SipRequest request)
        {
            Answer(request);
            Forward(request);
        }
    }

    /// <summary>
    /// Law: the responses we build for a request that passed validation pass it too, and keep the
    /// dialog and transaction fields (every Via, Call-ID, CSeq; the To tag we give when it had none).
    /// </summary>
    private static void Answer(SipRequest request)
    {
        foreach (var code in (ReadOnlySpan<int>)[100, 180, 200, 404])
        {
            using var response = SipResponse.CreateFor(request, code, toTag: "fuzztag");
            var bytes = SipMessageWriter.ToArray(response);
            var parsed = SipParser.Parse(bytes, Essential);
            if (parsed.Response is not { } reparsed)
            {
                throw new LawViolationException($"our {code} to a valid request does not parse ({parsed.Failure}):\n{Show(bytes)}");
            }

            using (reparsed)
            {
                if (reparsed.StatusCode != code
                    || reparsed.Via.Count != request.Via.Count
                    || reparsed.CallId != request.CallId
                    || reparsed.CSeq != request.CSeq
                    || (code > 100 && !request.To.HasTag && !reparsed.To.Tag.Equals("fuzztag"))
                    || (request.To.HasTag && reparsed.To.Tag != request.To.Tag))
                {
                    throw new LawViolationException($"our {code} lost a dialog or transaction field:\n{Show(bytes)}");
                }
            }
        }
    }

    /// <summary>
    /// Law: what a proxy does to a valid request (its Via on top, the topmost Route value removed,
    /// Max-Forwards decremented) leaves a request that passes validation, with that Via on top.
    /// </summary>
    private static void Forward(SipRequest request)
    {
        var vias = request.Via.Count;
        request.Headers.Prepend(SipHeaderId.Via, "SIP/2.0/UDP proxy.example.net:5060;branch=z9hG4bKfuzz;rport");
        request.Headers.RemoveFirstValue(SipHeaderId.Route);
        request.Headers.Set(SipHeaderId.MaxForwards, Math.Max(0, (request.MaxForwards ?? 70) - 1));
        var bytes = SipMessageWriter.ToArray(request);
        var parsed = SipParser.Parse(bytes, Essential);
        if (parsed.Request is not { } forwarded)
        {
            throw new LawViolationException($"the forwarded request does not parse ({parsed.Failure}):\n{Show(bytes)}");
        }

        using (forwarded)
        {
            if (!forwarded.TopVia.Branch.Equals("z9hG4bKfuzz") || forwarded.Via.Count != vias + 1)
            {
                throw new LawViolationException($"the forwarded request lost its new top Via:\n{Show(bytes)}");
            }
        }
    }

    private static SipMessage? Parse(byte[] input, SipParserOptions options, bool answer)
    {
        var result = SipParser.Parse(input, options);
        if (result.IsSuccess)
        {
            return result.Message;
        }

        var failure = result.Failure!;
        _ = failure.ToString();
        if (failure.Disposition == SipErrorDisposition.Respond)
        {
            if (failure.Request is not { } request || failure.StatusCode is < 300 or > 699)
            {
                throw new LawViolationException($"a failure to answer without a request or status: {failure}");
            }

            // What a transport does with it: read the request, build the answer, write it.
            if (answer)
            {
                SipReaders.ReadAll(request);
                using var response = SipResponse.CreateFor(request, failure.StatusCode, failure.ReasonPhrase);
                _ = SipMessageWriter.ToArray(response);
            }
        }

        failure.Request?.Dispose();
        return null;
    }

    /// <summary>
    /// Law: a parsed message writes to bytes that parse again (at the same validation level) and write
    /// back to the very same bytes: written messages are a fixed point of parse-then-write.
    /// </summary>
    private static void RoundTrip(SipMessage message, SipParserOptions options)
    {
        var length = SipMessageWriter.GetLength(message);
        var first = SipMessageWriter.ToArray(message);
        if (first.Length != length)
        {
            throw new LawViolationException($"GetLength said {length}, ToArray wrote {first.Length}");
        }

        var exact = new byte[length];
        if (!SipMessageWriter.TryWrite(message, exact, out var written) || written != length || !exact.AsSpan().SequenceEqual(first))
        {
            throw new LawViolationException("TryWrite into a buffer of GetLength bytes differs from ToArray");
        }

        if (length > 0 && SipMessageWriter.TryWrite(message, new byte[length - 1], out _))
        {
            throw new LawViolationException("TryWrite claimed to fit a message into one byte less than GetLength");
        }

        var again = SipParser.Parse(first, options);
        if (!again.IsSuccess)
        {
            throw new LawViolationException($"the written message does not parse ({again.Failure}):\n{Show(first)}");
        }

        using var reparsed = again.Message!;
        var second = SipMessageWriter.ToArray(reparsed);
        if (!first.AsSpan().SequenceEqual(second))
        {
            throw new LawViolationException($"writing the reparsed message changed it:\n{Show(first)}\n---\n{Show(second)}");
        }

        if (reparsed.IsRequest != message.IsRequest || reparsed.Headers.Count < message.Headers.Count || !reparsed.Body.Span.SequenceEqual(message.Body.Span))
        {
            throw new LawViolationException("the reparsed message lost its kind, a header or its body");
        }
    }

    internal static string Show(ReadOnlySpan<byte> bytes) =>
        string.Concat(bytes.ToArray().Select(b => b is >= 0x20 and < 0x7F or (byte)'\n' ? ((char)b).ToString() : $"\\x{b:X2}"));
}
