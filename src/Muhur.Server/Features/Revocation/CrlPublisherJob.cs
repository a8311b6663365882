using Microsoft.Extensions.Options;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Features.Revocation;

/// <summary>
/// Keeps the CRLs current: every <see cref="CaOptions.CrlPublishInterval"/> it publishes a delta CRL if
/// any status changed and a full CRL when the current one is due, so a status change reaches the CRLs
/// within that bounded delay (R-CA-3).
/// </summary>
internal sealed partial class CrlPublisherJob(
    IServiceScopeFactory scopes,
    IOptions<CaOptions> options,
    CrlStore store,
    TimeProvider time,
    ILogger<CrlPublisherJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var published = await scope.ServiceProvider.GetRequiredService<PublishCrl>().RunAsync(forceFull: false, stoppingToken);
                if (published is { PublishedAny: true })
                {
                    store.Invalidate();
                    LogPublished(published);
                }
            }
            catch (CertificateAuthorityNotInitializedException)
            {
                // Nothing to publish until the CA exists.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex.GetType().Name, ex.Message);
            }

            await Task.Delay(options.Value.CrlPublishInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published CRL: {Publication}")]
    private partial void LogPublished(CrlPublication publication);

    [LoggerMessage(Level = LogLevel.Error, Message = "CRL publication failed: {Error} {Message}")]
    private partial void LogFailed(string error, string message);
}
