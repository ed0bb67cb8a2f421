using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>A logger factory that keeps every message (Debug and up) in memory, for failure messages of tests that run a bridge.</summary>
internal sealed class CollectingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The last <paramref name="maxLines"/> messages.</summary>
    public string Describe(int maxLines = 80)
    {
        var lines = _lines.ToArray();
        return $"--- bridge log ({lines.Length} lines) ---\n" + string.Join('\n', lines.Skip(Math.Max(0, lines.Length - maxLines))) + "\n--- end of bridge log ---";
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._lines.Enqueue($"{owner._clock.Elapsed.TotalSeconds,8:0.000} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
            }
        }
    }
}
