namespace Rethink.Ims.Tests;

/// <summary>What a piece of work allocates on the calling thread once the code has settled.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// Bytes this thread allocates for <paramref name="callsPerBatch"/> calls of <paramref name="action"/>, after one call to
    /// warm it up: the smallest of up to 20 batches, stopping at the first that allocates nothing. A batch can now and then
    /// count bytes the code under test did not allocate (a 1,320-byte batch of the resampler test, once in 28 runs; most
    /// likely the runtime's tiered JIT swapping in optimized code); an allocation of the code under test shows in every batch.
    /// </summary>
    public static long SteadyStateAllocations(Action action, int callsPerBatch = 100)
    {
        action();
        var least = long.MaxValue;
        for (var batch = 0; batch < 20 && least > 0; batch++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < callsPerBatch; i++)
            {
                action();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
