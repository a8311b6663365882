namespace Muhur.Server.Features.Revocation;

/// <summary>CRL publication (its job and the node's store) and the public CRL and CA-certificate endpoints.</summary>
internal static class RevocationModule
{
    public static IServiceCollection AddRevocation(this IServiceCollection services)
    {
        services.AddScoped<PublishCrl>();
        services.AddSingleton<CrlStore>();
        services.AddHostedService<CrlPublisherJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapRevocation(this IEndpointRouteBuilder app)
    {
        app.MapPublicationEndpoints();
        return app;
    }
}
