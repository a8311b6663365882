namespace Muhur.Server.Features.Messaging;

/// <summary>The <c>Messaging</c> configuration section.</summary>
internal sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>
    /// When false (the Development default) messages stay in the outbox, readable at /dev/outbox, and
    /// nothing leaves the machine (R-X-2).
    /// </summary>
    public bool Deliver { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public SmtpOptions Smtp { get; set; } = new();

    public SmsOptions Sms { get; set; } = new();
}

internal sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    /// <summary>STARTTLS; required for any SMTP server outside this machine.</summary>
    public bool UseStartTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Mühür Sertifikasyon Merkezi <noreply@muhur.local>";
}

internal sealed class SmsOptions
{
    /// <summary>The provider's HTTPS endpoint that accepts one message as JSON.</summary>
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The registered sender title (SMS başlığı).</summary>
    public string Sender { get; set; } = "MUHUR";
}
