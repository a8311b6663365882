using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Messaging;

internal enum MessageChannel
{
    Email,
    Sms,
}

internal enum MessageStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// An e-mail or SMS waiting for delivery or already delivered (R-X-2). Messages are written in the
/// transaction of the change that causes them and delivered afterwards by <see cref="OutboxDispatcher"/>.
/// </summary>
internal sealed class OutboxMessage
{
    // Back-off between delivery attempts; after the last one the message is marked failed and shown
    // to the operators instead of being retried for ever.
    private static readonly TimeSpan[] RetryDelays =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
    ];

    private OutboxMessage()
    {
        Recipient = Body = string.Empty;
    }

    public Guid Id { get; private set; }

    public MessageChannel Channel { get; private set; }

    public string Recipient { get; private set; }

    public string? Subject { get; private set; }

    public string Body { get; private set; }

    public MessageStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public static OutboxMessage Email(string to, string subject, string body, DateTimeOffset now) =>
        New(MessageChannel.Email, to, subject, body, now);

    public static OutboxMessage Sms(string to, string text, DateTimeOffset now) =>
        New(MessageChannel.Sms, to, null, text, now);

    public void MarkSent(DateTimeOffset now)
    {
        Status = MessageStatus.Sent;
        Attempts++;
        SentAt = now;
        LastError = null;
    }

    public void MarkAttemptFailed(string error, DateTimeOffset now)
    {
        LastError = error.Length > 1000 ? error[..1000] : error;
        if (Attempts >= RetryDelays.Length)
        {
            Attempts++;
            Status = MessageStatus.Failed;
            return;
        }

        NextAttemptAt = now + RetryDelays[Attempts];
        Attempts++;
    }

    private static OutboxMessage New(MessageChannel channel, string to, string? subject, string body, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Channel = channel,
            Recipient = to.Trim(),
            Subject = subject,
            Body = body,
            Status = MessageStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder) => builder.ToTable("outbox_messages");
}
