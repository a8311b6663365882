using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Messaging;

/// <summary>
/// Delivers pending outbox messages (R-X-2). Each batch is claimed with <c>FOR UPDATE SKIP LOCKED</c>,
/// so several server nodes share the work without sending a message twice.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Deliver)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int delivered;
            try
            {
                delivered = await DeliverBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBatchFailed(ex.GetType().Name);
                delivered = 0;
            }

            if (delivered < BatchSize)
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Delivers one batch; returns how many messages it handled.</summary>
    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var email = scope.ServiceProvider.GetRequiredService<SmtpEmailSender>();
        var sms = scope.ServiceProvider.GetRequiredService<ISmsProvider>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var batch = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE status = 'Pending' AND next_attempt_at <= {now}
                ORDER BY created_at
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        foreach (var message in batch)
        {
            try
            {
                if (message.Channel == MessageChannel.Email)
                {
                    await email.SendAsync(message.Recipient, message.Subject ?? string.Empty, message.Body, cancellationToken);
                }
                else
                {
                    await sms.SendAsync(message.Recipient, message.Body, cancellationToken);
                }

                message.MarkSent(time.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.MarkAttemptFailed($"{ex.GetType().Name}: {ex.Message}", time.GetUtcNow());
                LogDeliveryFailed(message.Id, message.Channel, message.Attempts, ex.GetType().Name);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of message {MessageId} by {Channel} failed (attempt {Attempt}): {Error}")]
    private partial void LogDeliveryFailed(Guid messageId, MessageChannel channel, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox batch failed: {Error}")]
    private partial void LogBatchFailed(string error);
}
