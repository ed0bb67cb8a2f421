namespace Rethink.Ims.Sip.Registrar;

/// <summary>What a REGISTER did (the <c>kind</c> tag of the registration metric).</summary>
public enum RegistrarAction
{
    /// <summary>Refused; see <see cref="RegistrarOutcome.Refusal"/>.</summary>
    Refused = 0,

    /// <summary>No Contact: the bindings were listed and nothing changed.</summary>
    Query,

    /// <summary>At least one binding was added, refreshed or removed.</summary>
    Update,

    /// <summary><c>Contact: *</c> with <c>Expires: 0</c>: every binding of the address-of-record was removed.</summary>
    RemoveAll,
}
