using System.CommandLine.Parsing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Muhur.Signer;

/// <summary>
/// <c>sign-code --gonder URL</c> (R-APP-8, R-EONAY-1): posts <c>{ "code", "signature" }</c> (the CMS in base64) to the
/// portal's signed-code endpoint and returns the server's Turkish answer; a refusal becomes a
/// <see cref="SignerException"/> with the server's message, so the holder reads why and the exit code is 1.
/// </summary>
internal static class SignCodeSubmission
{
    /// <summary>The endpoint's path on the portal, added when the address given is the portal's root.</summary>
    public const string DefaultPath = "/imzali-kod";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>An absolute http(s) address; the portal's root gets <see cref="DefaultPath"/>.</summary>
    public static Uri? ParseAddress(ArgumentResult result)
    {
        if (result.Tokens is not [var token])
        {
            return null;
        }

        if (Uri.TryCreate(token.Value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri.AbsolutePath == "/" ? new Uri(uri, DefaultPath) : uri;
        }

        result.AddError($"Geçersiz adres: {token.Value} (http:// ya da https:// ile başlayan portal adresi olmalı)"
            + $" / Invalid address: {token.Value} (the portal's address, starting with http:// or https://)");
        return null;
    }

    public static string Send(Uri address, string code, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var http = new HttpClient { Timeout = Timeout, MaxResponseContentBufferSize = 1 << 16 };
        HttpResponseMessage response;
        try
        {
            response = http.PostAsJsonAsync(address, new { code, signature = Convert.ToBase64String(signature) }).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new SignerException($"İmza sunucuya gönderilemedi: {NetworkFailure.Describe(e)}.", e);
        }
        catch (TaskCanceledException e)
        {
            throw new SignerException("İmza sunucuya gönderilemedi: sunucu zamanında yanıt vermedi.", e);
        }

        using (response)
        {
            var answer = Read(response);
            if (response.IsSuccessStatusCode && answer?.Ok == true)
            {
                return answer.Message ?? "İşleminiz Başarılıdır";
            }

            if (answer?.Message is { Length: > 0 } message)
            {
                throw new SignerException($"Sunucu imzayı kabul etmedi: {message}");
            }

            throw new SignerException(response.StatusCode == HttpStatusCode.TooManyRequests
                ? "Sunucu çok fazla deneme nedeniyle isteği geri çevirdi; bir dakika sonra yeniden deneyin."
                : $"Sunucu beklenmeyen bir yanıt verdi (HTTP {(int)response.StatusCode}); adresin portalın gösterdiği adres olduğunu denetleyin.");
        }
    }

    private static Answer? Read(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        try
        {
            return response.Content.ReadFromJsonAsync<Answer>(JsonSerializerOptions.Web).GetAwaiter().GetResult();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Answer(bool Ok, string? Error, string? Message);
}
