namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>The applicant portal's login (R-APP-2): picture and password, the login link, the throttle and the session check.</summary>
internal static class ApplicantLoginModule
{
    public static IServiceCollection AddApplicantLogin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApplicantLoginOptions>().Bind(configuration.GetSection(ApplicantLoginOptions.Section));
        services.AddLocalization();
        return services
            .AddSingleton<LoginThrottleKeys>()
            .AddScoped<LoginThrottle>()
            .AddScoped<SignInApplicant>()
            .AddScoped<RequestLoginLink>()
            .AddScoped<SignInWithLoginLink>()
            .AddScoped<CheckApplicantSession>();
    }
}
