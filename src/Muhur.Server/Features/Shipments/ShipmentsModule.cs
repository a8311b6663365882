using Microsoft.Extensions.Options;

namespace Muhur.Server.Features.Shipments;

/// <summary>Shipments of produced cards (issue 11 item 5): the courier provider, shipping, delivery, return, tracking.</summary>
internal static class ShipmentsModule
{
    public static IServiceCollection AddShipments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CourierOptions>(configuration.GetSection(CourierOptions.Section));
        services.AddHttpClient<HttpCourierProvider>(client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<DevelopmentCourierProvider>();

        // The HTTP courier when its address is configured, otherwise the development one.
        services.AddScoped<ICourierProvider>(provider => provider.GetRequiredService<IOptions<CourierOptions>>().Value.BaseUrl is null
            ? provider.GetRequiredService<DevelopmentCourierProvider>()
            : provider.GetRequiredService<HttpCourierProvider>());
        services.AddScoped<ShipCard>();
        services.AddScoped<CloseShipment>();
        return services;
    }
}
