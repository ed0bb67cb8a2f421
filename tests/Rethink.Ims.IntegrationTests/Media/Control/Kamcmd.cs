using System.Diagnostics;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary>Runs Kamailio's <c>kamcmd</c> against a ctl socket and returns what it printed (bounded in time).</summary>
public static class Kamcmd
{
    public const string ExecutablePath = "/usr/sbin/kamcmd";

    public static async Task<string> RunAsync(string controlSocket, params string[] arguments)
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-s");
        info.ArgumentList.Add("unix:" + controlSocket);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kamcmd did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"kamcmd {string.Join(' ', arguments)} did not finish in 10 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kamcmd {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
