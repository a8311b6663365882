namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>
/// Replaces the delegated OCSP responder certificate before it expires (it is short-lived and carries
/// id-pkix-ocsp-nocheck, RFC 6960 §4.2.2.2.1, so clients never check its revocation: rotation is the
/// control). Runs hourly on every node; the advisory lock in the initializer makes one of them do it.
/// </summary>
internal sealed partial class OcspResponderRotationJob(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<OcspResponderRotationJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<InitializeCertificateAuthority>().RunAsync(stoppingToken);
                if (result.CreatedResponder)
                {
                    LogRotated();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex.GetType().Name, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OCSP responder certificate rotated")]
    private partial void LogRotated();

    [LoggerMessage(Level = LogLevel.Error, Message = "OCSP responder rotation failed: {Error} {Message}")]
    private partial void LogFailed(string error, string message);
}
