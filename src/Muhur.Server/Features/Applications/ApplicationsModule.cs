namespace Muhur.Server.Features.Applications;

/// <summary>Applications (R-APP-1 … R-APP-10): opening one, the one action that changes its state, the access password mail.</summary>
internal static class ApplicationsModule
{
    public static IServiceCollection AddApplications(this IServiceCollection services) =>
        // The access password mail is written from the resources (R-X-1), also where no page is served (the benchmark).
        services.AddLocalization().AddScoped<OpenApplication>().AddScoped<ChangeApplicationState>().AddScoped<ApplicationNotices>().AddScoped<SendAccessPassword>()
            .AddScoped<ReadApplicationHistory>();
}
