using System.Globalization;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>Runs one SIPp call of a scenario in this folder with an ephemeral credential, and records what it received.</summary>
internal static class RegistrarSipp
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(40);

    public static string ScenarioDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "Rethink.Ims.IntegrationTests", "Sip", "Registrar");

    /// <summary>SIPp's exit code, its output, and the status codes of the responses it received, in order (from its message trace).</summary>
    public static async Task<(int ExitCode, string Output, IReadOnlyList<int> Statuses)> RunAsync(
        string scenario, string transport, string username, string password, int serverPort)
    {
        var workDirectory = Directory.CreateTempSubdirectory("rethink-sipp-");
        try
        {
            var trace = Path.Combine(workDirectory.FullName, "messages.log");
            var (exit, output) = await CommandRunner.RunAsync("/usr/bin/sipp", [
                "-sf", Path.Combine(ScenarioDirectory, scenario), "-m", "1", "-t", transport,
                "-i", "127.0.0.1", "-p", FreePort.UdpAndTcp().ToString(CultureInfo.InvariantCulture),
                "-s", "alice", "-key", "domain", "example.com", "-key", "auser", username, "-au", username, "-ap", password,
                "-nostdin", "-timeout", "30s", "-timeout_error", "-trace_msg", "-message_file", trace, $"127.0.0.1:{serverPort}",
            ], ClientTimeout, workingDirectory: workDirectory.FullName);
            return (exit, output, File.Exists(trace) ? Statuses(await File.ReadAllTextAsync(trace)) : []);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    /// <summary>The status of each response in a SIPp message trace, once per CSeq and status (UDP retransmissions of an answer count once).</summary>
    private static List<int> Statuses(string trace)
    {
        var seen = new HashSet<(string, int)>();
        var statuses = new List<int>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(
            trace, @"^SIP/2\.0 (\d{3})[^\n]*\n(?:(?!\r?\n\r?\n)[\s\S])*?^CSeq:\s*(\d+)", System.Text.RegularExpressions.RegexOptions.Multiline))
        {
            var status = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (seen.Add((m.Groups[2].Value, status)))
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }

    /// <summary>True when SIPp reports the one call successful.</summary>
    public static bool Succeeded(int exitCode, string output) =>
        exitCode == 0 && System.Text.RegularExpressions.Regex.IsMatch(output, @"Successful call\s+\|\s+\d+\s+\|\s+1\b");
}
