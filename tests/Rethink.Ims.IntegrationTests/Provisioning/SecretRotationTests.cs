using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>Rotating the shared secret by editing the configuration file of a running host.</summary>
public sealed class SecretRotationTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rethink-ims-rotation-").FullName;

    [Fact]
    public async Task Editing_the_configuration_file_rotates_the_secret_while_the_old_one_is_still_accepted()
    {
        var file = Path.Combine(_directory, "secrets.json");
        await File.WriteAllTextAsync(file, """{ "Ims": { "EphemeralAuth": { "Secrets": [ "first-secret-aaaaaaaa" ] } } }""");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        foreach (var (key, value) in tokens.TrustingConfiguration())
        {
            builder.Configuration[key] = value;
        }

        builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
        builder.Services.AddImsEphemeralAuth();
        await using var app = builder.Build();
        app.MapImsCredentials();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var verifier = app.Services.GetRequiredService<EphemeralCredentialVerifier>();

        var before = await GetCredentialAsync(client);
        Assert.True(SignedWith("first-secret-aaaaaaaa", before));

        await File.WriteAllTextAsync(file, """{ "Ims": { "EphemeralAuth": { "Secrets": [ "second-secret-bbbbbbb", "first-secret-aaaaaaaa" ] } } }""");
        var after = before;
        for (var attempt = 0; attempt < 100 && !SignedWith("second-secret-bbbbbbb", after); attempt++)
        {
            await Task.Delay(100);
            after = await GetCredentialAsync(client);
        }

        Assert.True(SignedWith("second-secret-bbbbbbb", after), "the new secret signs after the reload");
        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify(before.User, before.Password));
        Assert.Equal(EphemeralCheckResult.Valid, verifier.Verify(after.User, after.Password));
        await app.StopAsync();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(string User, string Password)> GetCredentialAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/credential");
        request.Headers.Add("Authorization", "Bearer " + tokens.Token());
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("authorizationUser").GetString()!, json.RootElement.GetProperty("password").GetString()!);
    }

    private static bool SignedWith(string secret, (string User, string Password) credential) =>
        new EphemeralCredentialVerifier(new SecretRing([secret]), new EphemeralCredentialOptions(), TimeProvider.System)
            .Verify(credential.User, credential.Password) == EphemeralCheckResult.Valid;
}
