namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// The bindings of one address-of-record as read from an <see cref="ILocationStore"/>, with the version to pass to
/// <see cref="ILocationStore.TryReplaceAsync"/> (optimistic concurrency: 0 means the address-of-record has no entry).
/// </summary>
/// <param name="Aor">The canonical address-of-record.</param>
/// <param name="Version">The stored version; it changes on every write.</param>
/// <param name="Bindings">The live bindings (expired ones are never returned).</param>
public sealed record LocationRecord(string Aor, long Version, IReadOnlyList<SipBinding> Bindings);
