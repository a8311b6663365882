using Microsoft.Extensions.Options;
using Muhur.Server.Cli;
using Muhur.Server.Data;
using Muhur.Server.Features;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Demo;
using Muhur.Server.Logging;
using Muhur.Server.Web;

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

// The features (Features/FeatureModules: one module per feature folder; the benchmark composes the same list).
builder.Services.AddFeatures(builder.Configuration);

// The web: portals' cookies and policies, login rate limits, pages in Turkish first (R-X-1).
builder.Services.AddPortalAuthentication(builder.Environment);
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddUserInterface(builder.Environment);

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

app.MapFeatures();
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

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
