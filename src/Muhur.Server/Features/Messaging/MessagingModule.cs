namespace Muhur.Server.Features.Messaging;

/// <summary>The outbox and its delivery by e-mail and SMS (R-X-2).</summary>
internal static class MessagingModule
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MessagingOptions>(configuration.GetSection(MessagingOptions.Section));
        services.AddScoped<SmtpEmailSender>();
        services.AddHttpClient<ISmsProvider, HttpSmsProvider>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
