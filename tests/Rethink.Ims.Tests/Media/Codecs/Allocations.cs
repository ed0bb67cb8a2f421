namespace Rethink.Ims.Tests.Media.Codecs;

/// <summary>Bytes a piece of codec work allocates on this thread once warmed up.</summary>
internal static class Allocations
{
    /// <summary>Runs <paramref name="action"/> once to warm it up, then <paramref name="repeat"/> times, and returns what those allocated.</summary>
    public static long By(Action action, int repeat = 50)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < repeat; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
