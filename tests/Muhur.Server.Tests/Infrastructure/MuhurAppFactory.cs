using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>
/// The real server, in process, on its own fresh database (one per test class), with the demo data
/// loaded so the demo logins exist. Used as an xUnit class fixture.
/// </summary>
public class MuhurAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool _ownsDatabase;
    private TestDatabase? _database;

    public MuhurAppFactory()
    {
        _ownsDatabase = true;
    }

    /// <summary>A server on a database the caller owns (and drops).</summary>
    protected MuhurAppFactory(TestDatabase database)
    {
        _database = database;
    }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual string EnvironmentName => "Development";

    public async Task InitializeAsync()
    {
        _database ??= await TestDatabase.CreateAsync();
        StartServer(); // migrations and demo data run now, not inside the first test
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase && _database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Muhur"] = Database.ConnectionString,
            ["Muhur:Demo:Load"] = "true",
            ["Messaging:Deliver"] = "false",
            ["Muhur:Ca:KeyPassphrase"] = "test-ca-passphrase",
            ["Muhur:Cards:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // Few PBKDF2 rounds keep the per-class CA set-up fast; production uses the default.
            ["Muhur:Ca:KeyIterations"] = "1000",
            // Tests publish CRLs themselves; the job only does the first run at start-up.
            ["Muhur:Ca:CrlPublishInterval"] = "01:00:00",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as a browser's first request sees them.</summary>
    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Logs in through the real login form (anti-forgery token included).</summary>
    public async Task<HttpClient> LoginAsync(string userName, string password)
    {
        var client = CreateBrowserLikeClient();
        var response = await PostFormAsync(client, "/giris", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login as {userName} failed: {response.StatusCode}");
        }

        return client;
    }

    /// <summary>GETs the page, takes its anti-forgery token and POSTs the form to it, as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IDictionary<string, string> fields, string? formPath = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetStringAsync(formPath ?? path);
        var token = AntiforgeryToken(page);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(path, content);
    }

    public static string AntiforgeryToken(string html)
    {
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("The page has no anti-forgery token.");
    }
}
