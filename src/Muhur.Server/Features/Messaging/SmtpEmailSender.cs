using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Muhur.Server.Features.Messaging;

/// <summary>
/// Delivers one e-mail over SMTP (RFC 5321) with MailKit; headers (RFC 2047) and the text body are UTF-8
/// so that Turkish letters arrive intact.
/// </summary>
internal sealed class SmtpEmailSender(IOptions<MessagingOptions> options)
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        var text = new TextPart("plain");
        text.SetText("utf-8", body);
        message.Body = text;

        using var client = new SmtpClient { Timeout = 30_000 };
        // StartTls, not StartTlsWhenAvailable: a server (or a man in the middle) that does not offer
        // STARTTLS (RFC 3207) must make the delivery fail rather than send the message and the
        // credentials in clear.
        var security = smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
