using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Muhur.Server.Features;
using Muhur.Server.Features.People;

namespace Muhur.Server.Tests.Unit;

// The server (Program.cs) and the benchmark compose the same feature modules (FeatureModules.AddFeatures); these
// tests hold that composition to every action class in the assembly, as the benchmark builds it (no host).
public class FeatureModulesTests
{
    [Fact]
    public void AddFeatures_WithoutHost_EveryRegistrationCanBeBuilt()
    {
        var services = ComposeAsTheBenchDoes();

        var exception = Record.Exception(() =>
            services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }).Dispose());

        Assert.Null(exception);
    }

    [Fact]
    public void AddFeatures_EveryActionClass_IsRegistered()
    {
        using var provider = ComposeAsTheBenchDoes().BuildServiceProvider();
        var isService = provider.GetRequiredService<IServiceProviderIsService>();

        var actions = ActionClasses();

        Assert.Contains(typeof(RegisterPerson), actions);
        Assert.Empty(actions.Where(a => !isService.IsService(a)).Select(a => a.FullName));
    }

    private static ServiceCollection ComposeAsTheBenchDoes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddFeatures(configuration);
        return services;
    }

    // An action is a class named by what it does with a public Run…Async method (RegisterPerson.RunAsync,
    // IssueCertificate.RunManyAsync); page models and hosted jobs are built by their frameworks.
    private static List<Type> ActionClasses() =>
        typeof(FeatureModules).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace?.StartsWith("Muhur.Server.Features", StringComparison.Ordinal) == true)
            .Where(t => !typeof(PageModel).IsAssignableFrom(t) && !typeof(IHostedService).IsAssignableFrom(t))
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Any(m => m.Name.StartsWith("Run", StringComparison.Ordinal) && m.Name.EndsWith("Async", StringComparison.Ordinal)))
            .ToList();
}
