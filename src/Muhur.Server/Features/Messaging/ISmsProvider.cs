namespace Muhur.Server.Features.Messaging;

/// <summary>
/// An SMS gateway. Turkish operators' gateways differ in shape, so each provider is one implementation;
/// <see cref="HttpSmsProvider"/> is the generic JSON-over-HTTPS one.
/// </summary>
internal interface ISmsProvider
{
    Task SendAsync(string phoneNumber, string text, CancellationToken cancellationToken);
}
