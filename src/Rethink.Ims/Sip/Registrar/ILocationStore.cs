namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// Where bindings live. Writes replace an address-of-record's whole binding list at once against the version that was
/// read (compare-and-swap), so each update is atomic per address-of-record and a shared store (Redis: WATCH/MULTI or a
/// script) can implement it. Bindings are plain data (<see cref="SipBinding"/>); flows are named by id.
/// </summary>
public interface ILocationStore
{
    /// <summary>The live bindings of <paramref name="aor"/> and the version to write against; an empty record with version 0 when none.</summary>
    ValueTask<LocationRecord> GetAsync(string aor, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the bindings of <paramref name="aor"/> if its version is still <paramref name="expectedVersion"/>;
    /// an empty list removes the address-of-record.
    /// </summary>
    ValueTask<LocationWriteStatus> TryReplaceAsync(string aor, long expectedVersion, IReadOnlyList<SipBinding> bindings, CancellationToken cancellationToken);

    /// <summary>
    /// Removes (<paramref name="markOnly"/> false) or marks as <see cref="SipBinding.IsFlowClosed"/> (true) every
    /// binding registered over <paramref name="flowId"/>; returns how many bindings were affected.
    /// </summary>
    ValueTask<int> RemoveFlowAsync(string flowId, bool markOnly, CancellationToken cancellationToken);

    /// <summary>Drops the bindings that have lapsed; returns how many were removed.</summary>
    ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken);
}
