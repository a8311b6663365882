namespace Muhur.Server.Features.Ocsp;

/// <summary>The OCSP responder: its options, the status epoch, the in-memory status index and the /ocsp endpoints.</summary>
internal static class OcspModule
{
    public static IServiceCollection AddOcsp(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OcspOptions>(configuration.GetSection(OcspOptions.Section));
        services.AddSingleton<StatusEpoch>();
        services.AddSingleton<CertificateStatusIndex>();
        services.AddSingleton<AnswerOcspRequest>();
        services.AddHostedService<StatusIndexWarmup>();
        return services;
    }

    public static IEndpointRouteBuilder MapOcsp(this IEndpointRouteBuilder app)
    {
        app.MapOcspEndpoints();
        return app;
    }
}
