namespace Muhur.Server.Features.CallCentre;

/// <summary>The call centre (R-APP-11, issue 11 items 6 and 7): identity checks, a verified caller's record, change requests.</summary>
internal static class CallCentreModule
{
    public static IServiceCollection AddCallCentre(this IServiceCollection services)
    {
        services.AddScoped<CheckCallerIdentity>();
        services.AddScoped<ReadCallerRecord>();
        services.AddScoped<RecordChangeRequest>();
        services.AddSingleton<VerifiedCaller>();
        return services;
    }
}
