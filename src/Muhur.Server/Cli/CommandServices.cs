namespace Muhur.Server.Cli;

/// <summary>
/// The services a command's action runs with. The command line is parsed before the application is built (help and
/// refused arguments need neither the database nor the CA passphrase), so the actions find the services here once
/// they exist.
/// </summary>
internal sealed class CommandServices
{
    public IServiceProvider Provider { get; set; } = null!;
}
