using System.Collections.Concurrent;

namespace Rethink.Ims.Tests;

/// <summary>Races for concurrency tests.</summary>
internal static class Concurrency
{
    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="threads"/> dedicated threads released together by a barrier, waits for
    /// all of them and fails with whatever any of them threw. Dedicated threads, not pool threads: pool threads parked at
    /// the barrier would wait for the pool to grow, and starve the tests running beside this one meanwhile.
    /// </summary>
    public static void RunTogether(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        var errors = new ConcurrentBag<Exception>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(errors);
    }
}
