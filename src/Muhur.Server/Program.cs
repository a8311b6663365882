using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Muhur.Server.Cli;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Demo;
using Muhur.Server.Features.Health;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.Ocsp;
using Muhur.Server.Features.Revocation;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;
using Muhur.Server.Logging;
using Muhur.Server.Web;
using Npgsql;

// A command line is parsed before anything is built: help and refused arguments need neither the database nor the CA
// passphrase.
var isCommand = ServerCommands.IsCommand(args);
var commandServices = new CommandServices();
var command = isCommand ? ServerCommands.Parse(args, commandServices) : null;
if (command is not null && ServerCommands.HelpOrRefusal(args, command) is { } exit)
{
    return exit;
}

var builder = WebApplication.CreateBuilder(args);

// A command that needs a CA key asks for its passphrase before anything is built from the configuration (R-CA-4).
if (CaPassphrasePrompt.Supply(builder.Configuration, args) is { } refused)
{
    return refused;
}

// Logs: structured, personal data masked (R-X-3). A command's standard output is its result (`./muhur ca chain >
// chain.pem`), so its logs go to standard error.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o =>
    {
        o.FormatterName = MaskingConsoleFormatter.FormatterName;
        if (isCommand)
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        }
    })
    .AddConsoleFormatter<MaskingConsoleFormatter, MaskingConsoleFormatterOptions>(o => o.Json = !builder.Environment.IsDevelopment());

// Data.
builder.Services.AddSingleton(services => DatabaseConnection.Resolve(services.GetRequiredService<IConfiguration>()) is { } connectionString
    ? NpgsqlDataSource.Create(DatabaseConnection.Tuned(connectionString))
    : throw new DatabaseUnavailableException(
        "Veritabanı yapılandırılmamış: ConnectionStrings__Muhur ayarlayın ya da './muhur up' ile başlatın. / " +
        "No database configured: set ConnectionStrings__Muhur or start with './muhur up'."));
builder.Services.AddDbContext<MuhurDbContext>((services, options) =>
    options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DatabaseMigrator>();
builder.Services.AddSingleton<DatabaseStartup>();
builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseStartup>());
builder.Services.AddScoped<LoadDemoData>();
builder.Services.AddSingleton<AuditLog>();
builder.Services.AddScoped<VerifyAuditLog>();

// The certification authority (R-CA-1 … R-CA-4).
builder.Services.AddCertificateAuthority(builder.Configuration);

// Several stateless nodes share one key ring, kept in the database.
builder.Services.AddDataProtection().SetApplicationName("Muhur");
builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
    new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeyRepository(services.GetRequiredService<NpgsqlDataSource>())));

// Messaging (R-X-2).
builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection(MessagingOptions.Section));
builder.Services.AddScoped<SmtpEmailSender>();
builder.Services.AddHttpClient<ISmsProvider, HttpSmsProvider>();
builder.Services.AddSingleton<OutboxDispatcher>();
builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());

// Staff accounts and portals.
builder.Services.AddScoped<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
builder.Services.AddScoped<SignInStaff>();
builder.Services.AddScoped<Muhur.Server.Features.People.RegisterPerson>();
builder.Services.AddScoped<Muhur.Server.Features.People.FindRegisteredPerson>();
builder.Services.AddCaptcha();
builder.Services.AddAuthentication(Portals.StaffScheme)
    .AddCookie(Portals.StaffScheme, o => ConfigureCookie(o, "Muhur.Staff", "/giris", builder.Environment))
    .AddCookie(Portals.ApplicantScheme, o => ConfigureCookie(o, "Muhur.Applicant", "/basvuru/giris", builder.Environment))
    .AddCookie(Portals.HolderScheme, o => ConfigureCookie(o, "Muhur.Holder", "/islemler/giris", builder.Environment));
builder.Services.AddAuthorization(o => o.AddPortalPolicies());
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "Muhur.Antiforgery";
    o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    var perMinute = builder.Configuration.GetValue("Muhur:LoginAttemptsPerMinute", 30);
    // Only submitted passwords count; showing the form costs nothing.
    o.AddPolicy(RateLimits.Login, context => HttpMethods.IsPost(context.Request.Method)
        ? RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })
        : RateLimitPartition.GetNoLimiter("read"));
});

// UI: server-rendered, Turkish first (R-X-1).
builder.Services.AddLocalization();
builder.Services.AddRazorPages(o =>
    {
        o.RootDirectory = "/Features";
        o.Conventions.AddDevelopmentOnlyPages(builder.Environment);
    })
    .AddViewLocalization()
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
builder.Services.Configure<RequestLocalizationOptions>(o =>
{
    var cultures = new[] { new CultureInfo("tr-TR"), new CultureInfo("en") };
    o.DefaultRequestCulture = new RequestCulture("tr-TR");
    o.SupportedCultures = cultures;
    o.SupportedUICultures = cultures;
    // Turkish unless the person chose English: the browser's language is not a choice they made here.
    o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
});

// Emit Turkish letters as themselves, not as numeric character references.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

var app = builder.Build();

if (isCommand)
{
    return await ServerCommands.RunAsync(app, args, command!, commandServices);
}

app.UseExceptionHandler("/hata");
app.UseStatusCodePagesWithReExecute("/hata/{0}");
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRequestLocalization();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains("ready"),
    ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
}).AllowAnonymous();
app.MapPublicationEndpoints();
app.MapOcspEndpoints();
app.MapCaptcha();
app.MapRazorPages().RequirePortalPolicies();

app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));

try
{
    // Before the database, and before the CA's first start writes the address into its certificates.
    PublicBaseAddress.EnsureConsistent(app.Configuration, app.Services.GetRequiredService<IOptions<CaOptions>>().Value);

    // Migrate before the host starts so that an unreachable database ends the process with one clear
    // sentence; the hosted service then finds the work done.
    await app.Services.GetRequiredService<DatabaseStartup>().EnsureAsync(CancellationToken.None);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is DatabaseUnavailableException or CaPassphraseMissingException or PublicBaseUrlMismatchException)
{
    await Console.Error.WriteLineAsync($"muhur: {ex.Message}");
    return 1;
}

static void ConfigureCookie(CookieAuthenticationOptions options, string name, string loginPath, IWebHostEnvironment environment)
{
    options.Cookie.Name = name;
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    options.LoginPath = loginPath;
    options.LogoutPath = "/cikis";
    options.AccessDeniedPath = "/hata/403";
    options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
    options.SlidingExpiration = true;
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
