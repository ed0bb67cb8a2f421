using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>What <see cref="SipRegistrar.ProcessAsync"/> decided: the response to send and what changed.</summary>
public sealed class RegistrarOutcome
{
    /// <summary>The response to send (built with <see cref="SipResponse.CreateFor"/>).</summary>
    public required SipResponse Response { get; init; }

    /// <summary>What the request did.</summary>
    public required RegistrarAction Action { get; init; }

    /// <summary>Why it was refused (<see cref="RegistrarRefusal.None"/> when accepted).</summary>
    public RegistrarRefusal Refusal { get; init; }

    /// <summary>The canonical address-of-record, when the request got as far as naming one.</summary>
    public string? Aor { get; init; }

    /// <summary>The bindings of the address-of-record after the request (those the 200 lists).</summary>
    public IReadOnlyList<SipBinding> Bindings { get; init; } = [];

    /// <summary>Bindings the request created.</summary>
    public IReadOnlyList<SipBinding> Added { get; init; } = [];

    /// <summary>Bindings the request rewrote (new expiry, flow or parameters).</summary>
    public IReadOnlyList<SipBinding> Refreshed { get; init; } = [];

    /// <summary>Bindings the request removed (as they were before removal).</summary>
    public IReadOnlyList<SipBinding> Removed { get; init; } = [];

    /// <summary>True when the response is a 2xx.</summary>
    public bool IsSuccess => Refusal == RegistrarRefusal.None;
}
