namespace Muhur.Server.Data;

/// <summary>
/// Where the database is: <c>ConnectionStrings:Muhur</c> when configured (appsettings or the
/// <c>ConnectionStrings__Muhur</c> environment variable: a real deployment, several nodes on one
/// PostgreSQL), otherwise the project-owned local cluster that <c>./muhur up</c> starts and passes as
/// <c>Muhur:LocalConnectionString</c>.
/// </summary>
internal static class DatabaseConnection
{
    public static string? Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetConnectionString("Muhur");
        return !string.IsNullOrWhiteSpace(configured) ? configured : configuration["Muhur:LocalConnectionString"];
    }

    /// <summary>
    /// Prepares the statements a node repeats (the OCSP status epoch, status lookups) unless the
    /// connection string says otherwise: PostgreSQL then skips parsing and planning them each time.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}

/// <summary>The database cannot be reached or is not configured; carries a message fit for a person.</summary>
internal sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
