using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Muhur.Server.Features.Messaging;

/// <summary>
/// Sends one SMS as <c>POST {Endpoint}</c> with a JSON body <c>{"to","text","sender"}</c> and a bearer
/// API key, the common shape of SMS gateway APIs. Any non-2xx answer is a failure, retried by the
/// outbox.
/// </summary>
internal sealed class HttpSmsProvider(HttpClient http, IOptions<MessagingOptions> options) : ISmsProvider
{
    public async Task SendAsync(string phoneNumber, string text, CancellationToken cancellationToken)
    {
        var sms = options.Value.Sms;
        if (sms.Endpoint is null)
        {
            throw new InvalidOperationException("Messaging:Sms:Endpoint is not configured.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Endpoint)
        {
            Content = JsonContent.Create(new SmsRequest(phoneNumber, text, sms.Sender)),
        };
        if (!string.IsNullOrEmpty(sms.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sms.ApiKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SMS provider answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }

    private sealed record SmsRequest(string To, string Text, string Sender);
}
