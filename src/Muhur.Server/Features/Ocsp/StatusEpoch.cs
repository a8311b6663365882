using Npgsql;

namespace Muhur.Server.Features.Ocsp;

/// <summary>
/// Reads the committed CA status epoch (see migration 0002), sharing one database round trip among all
/// requests waiting at that moment. A request only joins a read that has not started yet, so the value
/// it gets was read after it arrived: every change committed before the request is reflected, on any
/// node, whichever node or command made it.
/// </summary>
internal sealed class StatusEpoch(NpgsqlDataSource dataSource)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<long>? _waiting;
    private bool _running;

    public Task<long> ReadAsync()
    {
        lock (_lock)
        {
            if (_waiting is null)
            {
                _waiting = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (!_running)
                {
                    _running = true;
                    _ = Task.Run(RunAsync);
                }
            }

            return _waiting.Task;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            TaskCompletionSource<long>? batch;
            lock (_lock)
            {
                batch = _waiting;
                _waiting = null;
                if (batch is null)
                {
                    _running = false;
                    return;
                }
            }

            try
            {
                await using var command = dataSource.CreateCommand("SELECT epoch FROM ca_status_epoch");
                batch.SetResult((long)(await command.ExecuteScalarAsync())!);
            }
            catch (Exception ex)
            {
                batch.SetException(ex);
            }
        }
    }
}
