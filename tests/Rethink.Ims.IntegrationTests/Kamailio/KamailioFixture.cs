namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// Starts one Kamailio per distinct <see cref="KamailioConfig"/> on first use and keeps it for every
/// test of the <see cref="KamailioCollection"/>, so the whole suite starts a handful of servers only.
/// </summary>
public sealed class KamailioFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<KamailioProcess>> _instances = [];
    private readonly Lock _lock = new();

    /// <summary>The Kamailio running with <paramref name="config"/>, started if need be.</summary>
    public Task<KamailioProcess> GetAsync(KamailioConfig config)
    {
        lock (_lock)
        {
            if (!_instances.TryGetValue(config.Key, out var instance))
            {
                instance = KamailioProcess.StartAsync(config);
                _instances.Add(config.Key, instance);
            }

            return instance;
        }
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        List<Task<KamailioProcess>> instances;
        lock (_lock)
        {
            instances = [.. _instances.Values];
            _instances.Clear();
        }

        foreach (var instance in instances)
        {
            try
            {
                await (await instance.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // It never started; the test that asked for it has already failed with the reason.
            }
            catch (TimeoutException)
            {
                // Same.
            }
        }
    }
}
