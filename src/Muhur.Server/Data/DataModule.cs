using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Muhur.Server.Data;

/// <summary>The database: one data source per process, the EF Core context, migrations and start-up.</summary>
internal static class DataModule
{
    public static IServiceCollection AddData(this IServiceCollection services)
    {
        services.AddSingleton(provider => DatabaseConnection.Resolve(provider.GetRequiredService<IConfiguration>()) is { } connectionString
            ? NpgsqlDataSource.Create(DatabaseConnection.Tuned(connectionString))
            : throw new DatabaseUnavailableException(
                "Veritabanı yapılandırılmamış: ConnectionStrings__Muhur ayarlayın ya da './muhur up' ile başlatın. / " +
                "No database configured: set ConnectionStrings__Muhur or start with './muhur up'."));
        services.AddDbContext<MuhurDbContext>((provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<DatabaseStartup>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseStartup>());
        return services;
    }
}
