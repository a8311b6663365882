namespace Muhur.Server.Features.Ocsp;

/// <summary>Loads the OCSP status index when the node starts, so the first request does not wait for it.</summary>
internal sealed partial class StatusIndexWarmup(
    StatusEpoch epoch,
    CertificateStatusIndex index,
    ILogger<StatusIndexWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await index.CatchUpAsync(await epoch.ReadAsync(), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: the first OCSP request loads it again.
            LogFailed(ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCSP status index warm-up failed: {Error} {Message}")]
    private partial void LogFailed(string error, string message);
}
