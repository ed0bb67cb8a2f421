using Rethink.Ims.IntegrationTests.Infrastructure;
using Rethink.Ims.IntegrationTests.Sip;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// The units in deploy/systemd checked by systemd itself (<c>systemd-analyze verify</c>: unknown sections or keys,
/// values it cannot parse, a missing ExecStart binary, dependencies on units that do not exist). This container has
/// no running systemd (PID 1 is not systemd), so the units are verified, not started.
/// </summary>
public sealed class SystemdUnitTests
{
    private const string Analyzer = "/usr/bin/systemd-analyze";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string UnitDirectory => Path.Combine(SamplePaths.RepositoryRoot, "deploy", "systemd");

    [Fact]
    public async Task The_three_deploy_units_pass_systemd_analyze_verify_without_a_single_complaint()
    {
        var units = Directory.GetFiles(UnitDirectory, "*.service").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["rethink-ims-credentials.service", "rethink-ims-edge.service", "rethink-ims-media.service"], units.Select(Path.GetFileName));

        var (exit, output) = await VerifyAsync(units);

        Assert.True(exit == 0 && output.Trim().Length == 0, $"systemd-analyze verify exit {exit}:\n{output}");
    }

    [Theory]
    [InlineData("rethink-ims-credentials.service", "Rethink.Ims.CredentialServer", "credentials")]
    [InlineData("rethink-ims-edge.service", "Rethink.Ims.SipServer", "edge")]
    [InlineData("rethink-ims-media.service", "Rethink.Ims.MediaServer", "media")]
    public void Each_unit_runs_the_published_sample_it_is_named_after_from_its_own_folder(string unit, string sample, string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(UnitDirectory, unit));
        var directory = $"/opt/rethink-ims/{folder}";

        // The assembly the build of that sample produces (a renamed sample would leave the unit starting nothing).
        Assert.Equal(sample + ".dll", Path.GetFileName(SamplePaths.Assembly(sample)));
        Assert.Contains($"ExecStart=/usr/bin/dotnet {directory}/{sample}.dll", lines);
        Assert.Contains($"WorkingDirectory={directory}", lines);
    }

    [Fact]
    public async Task Verify_complains_about_a_unit_with_a_misspelt_key_and_an_unparsable_value_so_silence_above_means_clean()
    {
        var directory = Directory.CreateTempSubdirectory("rethink-units-");
        try
        {
            var broken = Path.Combine(directory.FullName, "rethink-ims-edge.service");
            var text = await File.ReadAllTextAsync(Path.Combine(UnitDirectory, "rethink-ims-edge.service"));
            await File.WriteAllTextAsync(broken, text.Replace("ProtectHome=true", "ProtectHome=sometimes", StringComparison.Ordinal)
                .Replace("RestartSec=2", "RestartSecs=2", StringComparison.Ordinal));
            File.Copy(Path.Combine(UnitDirectory, "rethink-ims-media.service"), Path.Combine(directory.FullName, "rethink-ims-media.service"));

            var (_, output) = await VerifyAsync([broken]);

            Assert.Contains("protect home value, ignoring: sometimes", output, StringComparison.Ordinal);
            Assert.Contains("RestartSecs", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> VerifyAsync(IEnumerable<string> units)
    {
        if (!File.Exists(Analyzer))
        {
            throw new InvalidOperationException($"{Analyzer} is missing: run scripts/install-test-deps.sh (Debian package systemd).");
        }

        // --man=no: the units' Documentation= pages are not installed here and are not what is checked.
        return await CommandRunner.RunAsync(Analyzer, ["verify", "--man=no", .. units], Timeout);
    }
}
