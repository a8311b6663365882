using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-X-2: e-mail by SMTP and SMS through an HTTP provider, both through a persistent outbox; in
// Development they stay in the outbox, readable at /dev/outbox.
public sealed class MessagingTests : IAsyncLifetime
{
    private LocalSmtpServer _smtp = null!;
    private HttpListener _smsGateway = null!;
    private readonly List<(string Body, string? Authorization)> _smsRequests = [];
    private int _smsPort;

    public async Task InitializeAsync()
    {
        _smtp = await LocalSmtpServer.StartAsync();
        _smsPort = LocalSmtpServer.FreePort();
        _smsGateway = new HttpListener();
        _smsGateway.Prefixes.Add($"http://127.0.0.1:{_smsPort}/");
        _smsGateway.Start();
        _ = Task.Run(ServeSmsAsync);
    }

    public async Task DisposeAsync()
    {
        _smsGateway.Close();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_EmailWithTurkishText_IsDeliveredToRealSmtpServer()
    {
        await using var app = new DeliveringFactory(_smtp.Port, _smsPort);
        await app.InitializeAsync();
        await QueueAsync(app, OutboxMessage.Email("ayse.yilmaz@ornek.edu.tr", "Başvuru erişim parolanız", "Sayın Ayşe Yılmaz, erişim parolanız: ÇĞİÖŞÜ-çğıöşü", DateTimeOffset.UtcNow));

        await WaitUntilSentAsync(app);
        var files = await _smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20));
        var parsed = await ParseWithPythonAsync(files[0]);

        Assert.Contains("To: ayse.yilmaz@ornek.edu.tr", parsed, StringComparison.Ordinal);
        Assert.Contains("Subject: Başvuru erişim parolanız", parsed, StringComparison.Ordinal);
        Assert.Contains("erişim parolanız: ÇĞİÖŞÜ-çğıöşü", parsed, StringComparison.Ordinal);
        Assert.Contains("noreply@muhur.local", parsed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_SmtpServerRequiringAuth_AuthenticatesAndDelivers()
    {
        await using var smtp = await LocalSmtpServer.StartAsync("muhur-relay", "Gizli-Parola-ğüş1");
        await using var app = new DeliveringFactory(smtp.Port, _smsPort, new() { ["Messaging:Smtp:UserName"] = "muhur-relay", ["Messaging:Smtp:Password"] = "Gizli-Parola-ğüş1" });
        await app.InitializeAsync();
        await QueueAsync(app, OutboxMessage.Email("kisi@ornek.edu.tr", "Kimlik doğrulamalı gönderim", "Gövde: çğıöşü", DateTimeOffset.UtcNow));

        await WaitUntilSentAsync(app);
        var files = await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20));

        Assert.Contains("Subject: Kimlik doğrulamalı gönderim", await ParseWithPythonAsync(files[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_SmtpWrongPassword_KeepsMessageForRetry()
    {
        await using var smtp = await LocalSmtpServer.StartAsync("muhur-relay", "dogru-parola");
        await using var app = new DeliveringFactory(smtp.Port, _smsPort, new() { ["Messaging:Smtp:UserName"] = "muhur-relay", ["Messaging:Smtp:Password"] = "yanlis-parola" });
        await app.InitializeAsync();
        await QueueAsync(app, OutboxMessage.Email("kisi@ornek.edu.tr", "Deneme", "Gövde", DateTimeOffset.UtcNow));

        await app.Services.GetRequiredService<OutboxDispatcher>().DeliverBatchAsync(CancellationToken.None);

        Assert.Equal("Pending", await app.Database.ScalarAsync<string>("SELECT status FROM outbox_messages"));
        Assert.StartsWith("AuthenticationException", await app.Database.ScalarAsync<string>("SELECT last_error FROM outbox_messages"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(smtp.MaildirNew) && Directory.EnumerateFiles(smtp.MaildirNew).Any());
    }

    [Fact]
    public async Task Dispatch_StartTlsConfiguredButNotOffered_DoesNotSendInClear()
    {
        await using var app = new DeliveringFactory(_smtp.Port, _smsPort, new() { ["Messaging:Smtp:UseStartTls"] = "true" });
        await app.InitializeAsync();
        await QueueAsync(app, OutboxMessage.Email("kisi@ornek.edu.tr", "Deneme", "Gövde", DateTimeOffset.UtcNow));

        await app.Services.GetRequiredService<OutboxDispatcher>().DeliverBatchAsync(CancellationToken.None);

        Assert.Equal("Pending", await app.Database.ScalarAsync<string>("SELECT status FROM outbox_messages"));
        Assert.Contains("STARTTLS", await app.Database.ScalarAsync<string>("SELECT last_error FROM outbox_messages"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_smtp.MaildirNew) && Directory.EnumerateFiles(_smtp.MaildirNew).Any());
    }

    [Fact]
    public async Task Dispatch_Sms_IsPostedToHttpProviderWithApiKey()
    {
        await using var app = new DeliveringFactory(_smtp.Port, _smsPort);
        await app.InitializeAsync();
        await QueueAsync(app, OutboxMessage.Sms("+905321234567", "Mühür onay kodunuz: 482913", DateTimeOffset.UtcNow));

        await WaitUntilSentAsync(app);

        var (body, authorization) = Assert.Single(_smsRequests);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("+905321234567", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("Mühür onay kodunuz: 482913", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("MUHUR", json.RootElement.GetProperty("sender").GetString());
        Assert.Equal("Bearer test-api-key", authorization);
    }

    [Fact]
    public async Task Dispatch_SmtpServerDown_KeepsMessageForRetry()
    {
        await using var app = new DeliveringFactory(LocalSmtpServer.FreePort(), _smsPort);
        await app.InitializeAsync();
        await QueueAsync(app, OutboxMessage.Email("kisi@ornek.edu.tr", "Deneme", "Gövde", DateTimeOffset.UtcNow));

        await app.Services.GetRequiredService<OutboxDispatcher>().DeliverBatchAsync(CancellationToken.None);

        Assert.Equal("Pending", await app.Database.ScalarAsync<string>("SELECT status FROM outbox_messages"));
        Assert.True(await app.Database.ScalarAsync<int>("SELECT attempts FROM outbox_messages") >= 1);
        Assert.NotNull(await app.Database.ScalarAsync<string>("SELECT last_error FROM outbox_messages"));
        Assert.True(await app.Database.ScalarAsync<bool>("SELECT next_attempt_at > now() FROM outbox_messages"));
    }

    [Fact]
    public async Task DevOutbox_InDevelopment_ShowsUndeliveredMessages()
    {
        await using var app = new MuhurAppFactory();
        await app.InitializeAsync();
        await QueueAsync(app, OutboxMessage.Sms("+905551112233", "Güvenlik kodunuz: 123456", DateTimeOffset.UtcNow));

        var html = await app.CreateBrowserLikeClient().GetStringAsync("/dev/outbox");

        Assert.Contains("Güvenlik kodunuz: 123456", html, StringComparison.Ordinal);
        Assert.Contains("bekliyor", html, StringComparison.Ordinal);
        Assert.Empty(_smsRequests);
    }

    [Fact]
    public async Task DevOutbox_InProduction_DoesNotExist()
    {
        await using var app = new ProductionFactory();
        await app.InitializeAsync();

        var response = await app.CreateBrowserLikeClient().GetAsync("/dev/outbox");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task QueueAsync(MuhurAppFactory app, OutboxMessage message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
    }

    private static async Task WaitUntilSentAsync(MuhurAppFactory app)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        for (var i = 0; i < 50; i++)
        {
            await dispatcher.DeliverBatchAsync(CancellationToken.None);
            if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status <> 'Sent'") == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        var error = await app.Database.ScalarAsync<string>("SELECT last_error FROM outbox_messages WHERE status <> 'Sent' LIMIT 1");
        throw new TimeoutException($"Message not sent: {error}");
    }

    /// <summary>Decodes the received MIME message with Python's own e-mail parser, an independent reader.</summary>
    private static async Task<string> ParseWithPythonAsync(string file)
    {
        const string Script = """
            import email, email.policy, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            print('To: ' + str(m['to']))
            print('From: ' + str(m['from']))
            print('Subject: ' + str(m['subject']))
            print(m.get_body().get_content())
            """;
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", Script, file])
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private async Task ServeSmsAsync()
    {
        while (_smsGateway.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _smsGateway.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_smsRequests)
            {
                _smsRequests.Add((body, context.Request.Headers["Authorization"]));
            }

            context.Response.StatusCode = 202;
            context.Response.Close();
        }
    }

    private sealed class DeliveringFactory(int smtpPort, int smsPort, Dictionary<string, string?>? extra = null) : MuhurAppFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = new Dictionary<string, string?>
                {
                    ["Messaging:Deliver"] = "true",
                    ["Messaging:PollInterval"] = "01:00:00",
                    ["Messaging:Smtp:Host"] = "127.0.0.1",
                    ["Messaging:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Messaging:Sms:Endpoint"] = $"http://127.0.0.1:{smsPort}/v1/messages",
                    ["Messaging:Sms:ApiKey"] = "test-api-key",
                };
                foreach (var (key, value) in extra ?? [])
                {
                    settings[key] = value;
                }

                return settings;
            }
        }
    }

    private sealed class ProductionFactory : MuhurAppFactory
    {
        protected override string EnvironmentName => "Production";
    }
}
