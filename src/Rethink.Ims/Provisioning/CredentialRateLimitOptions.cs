namespace Rethink.Ims.Provisioning;

/// <summary>Limits on credential requests (<c>Ims:EphemeralAuth:RateLimit</c>); 0 turns a limit off.</summary>
public sealed class CredentialRateLimitOptions
{
    /// <summary>Requests per minute accepted from one client address. Default 60.</summary>
    public int PerAddressPerMinute { get; set; } = 60;

    /// <summary>Credentials per minute issued to one identity. Default 20.</summary>
    public int PerIdentityPerMinute { get; set; } = 20;
}
