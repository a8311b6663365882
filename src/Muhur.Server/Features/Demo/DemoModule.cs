namespace Muhur.Server.Features.Demo;

/// <summary>Demo data, loaded at start-up when <c>Muhur:Demo:Load</c> is set.</summary>
internal static class DemoModule
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<LoadDemoData>();
        return services;
    }
}
