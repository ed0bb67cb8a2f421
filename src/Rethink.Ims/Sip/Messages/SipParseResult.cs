using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Sip.Messages;

/// <summary>The outcome of parsing: a message, or a failure saying what to do.</summary>
public readonly struct SipParseResult
{
    internal SipParseResult(SipMessage message)
    {
        Message = message;
        Failure = null;
    }

    internal SipParseResult(SipParseFailure failure)
    {
        Message = null;
        Failure = failure;
    }

    /// <summary>The parsed message, or null on failure.</summary>
    public SipMessage? Message { get; }

    /// <summary>The failure, or null on success.</summary>
    public SipParseFailure? Failure { get; }

    /// <summary>True when a message was parsed.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Message is not null;

    /// <summary>The error, or <see cref="SipParseError.None"/>.</summary>
    public SipParseError Error => Failure?.Error ?? SipParseError.None;

    /// <summary>The message as a request, or null.</summary>
    public SipRequest? Request => Message as SipRequest;

    /// <summary>The message as a response, or null.</summary>
    public SipResponse? Response => Message as SipResponse;

    /// <summary>"ok" or the failure.</summary>
    public override string ToString() => IsSuccess ? "ok" : Failure.ToString();
}
