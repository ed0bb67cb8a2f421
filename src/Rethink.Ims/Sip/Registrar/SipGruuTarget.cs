namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// What <see cref="SipGruu.Resolve"/> found in a Request-URI: nothing (not a GRUU), a GRUU this registrar did not issue,
/// or the address-of-record and instance a GRUU names.
/// </summary>
public readonly struct SipGruuTarget
{
    internal SipGruuTarget(string aor, string instance, ulong? callIdDigest)
    {
        Aor = aor;
        Instance = instance;
        CallIdDigest = callIdDigest;
    }

    private SipGruuTarget(bool unknown) => IsUnknown = unknown;

    /// <summary>A GRUU that names nothing this registrar issued (answered 404, as RFC 5627 says).</summary>
    public static SipGruuTarget Unknown { get; } = new(unknown: true);

    /// <summary>True when the Request-URI is a GRUU (issued here or not).</summary>
    public bool IsGruu => IsUnknown || Aor is not null;

    /// <summary>True for a GRUU this registrar did not issue, or one that no longer opens.</summary>
    public bool IsUnknown { get; }

    /// <summary>The address-of-record, or null.</summary>
    public string? Aor { get; }

    /// <summary>The instance as the binding stores it (<c>&lt;urn:...&gt;</c>), or null.</summary>
    public string? Instance { get; }

    /// <summary>For a temporary GRUU, the digest of the Call-ID it was issued under; null for a public one.</summary>
    public ulong? CallIdDigest { get; }

    /// <summary>True when <paramref name="binding"/> is one this GRUU reaches: same instance and, for a temporary GRUU, same Call-ID.</summary>
    public bool Reaches(SipBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return Aor is not null && binding.Instance is { } instance && string.Equals(instance, Instance, StringComparison.OrdinalIgnoreCase)
            && (CallIdDigest is not { } digest || digest == SipGruu.CallIdDigest(binding.CallId));
    }
}
