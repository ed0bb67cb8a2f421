using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// Fixed one-minute windows per client address and per identity. Idle partitions are dropped by
/// <see cref="PartitionedRateLimiter"/>, so memory follows the number of active clients.
/// </summary>
internal sealed class CredentialRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly PartitionedRateLimiter<string> _perIdentity;

    public CredentialRateLimiter(IOptions<EphemeralAuthOptions> options)
    {
        var limits = options.Value.RateLimit;
        _perAddress = Create(limits.PerAddressPerMinute);
        _perIdentity = Create(limits.PerIdentityPerMinute);
    }

    /// <summary>Takes a permit for a client address; <see langword="false"/> when its window is used up.</summary>
    public bool TryAcquireForAddress(string address, out TimeSpan retryAfter) => TryAcquire(_perAddress, address, out retryAfter);

    /// <summary>Takes a permit for an identity (its subject); <see langword="false"/> when its window is used up.</summary>
    public bool TryAcquireForIdentity(string subject, out TimeSpan retryAfter) => TryAcquire(_perIdentity, subject, out retryAfter);

    public void Dispose()
    {
        _perAddress.Dispose();
        _perIdentity.Dispose();
    }

    private static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        return false;
    }

    private static PartitionedRateLimiter<string> Create(int permitsPerMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => permitsPerMinute <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitsPerMinute,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
}
