namespace Muhur.Server.Features.Cards;

/// <summary>Card production (R-CARD-1) and the sealed PIN/PUK envelopes.</summary>
internal static class CardsModule
{
    public static IServiceCollection AddCards(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CardOptions>(configuration.GetSection(CardOptions.Section));
        services.AddSingleton<CardSecrets>();
        services.AddScoped<ProduceCard>();
        services.AddScoped<DiscloseCardSecrets>();
        return services;
    }
}
