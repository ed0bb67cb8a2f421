namespace Rethink.Ims.Sip.Registrar;

/// <summary>The result of <see cref="ILocationStore.TryReplaceAsync"/>.</summary>
public enum LocationWriteStatus
{
    /// <summary>The bindings were replaced.</summary>
    Written = 0,

    /// <summary>The address-of-record changed since it was read (version mismatch): read again and retry.</summary>
    Conflict,

    /// <summary>The write would take the store past its total binding limit; nothing was written.</summary>
    StoreFull,
}
