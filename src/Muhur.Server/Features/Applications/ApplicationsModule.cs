namespace Muhur.Server.Features.Applications;

/// <summary>Applications (R-APP-1 … R-APP-10): opening one and the one action that changes its state.</summary>
internal static class ApplicationsModule
{
    public static IServiceCollection AddApplications(this IServiceCollection services) =>
        services.AddScoped<OpenApplication>().AddScoped<ChangeApplicationState>();
}
