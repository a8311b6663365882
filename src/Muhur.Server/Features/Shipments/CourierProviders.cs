using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Muhur.Server.Features.Shipments;

/// <summary>The <c>Muhur:Courier</c> configuration section.</summary>
internal sealed class CourierOptions
{
    public const string Section = "Muhur:Courier";

    /// <summary>The courier's API (<see cref="HttpCourierProvider"/>); without it the development provider makes tracking numbers.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The courier's name as the holder knows it (the SMS and e-mail name it).</summary>
    public string Name { get; set; } = "Geliştirme Kargo";
}

/// <summary>What a courier answers about a parcel.</summary>
internal enum CourierState
{
    Sent,
    Delivered,
    Returned,
}

/// <summary>A courier (issue 11 item 5): creates a shipment for an address and answers its state by tracking number.</summary>
internal interface ICourierProvider
{
    /// <summary>The name stored with each shipment and told to the holder.</summary>
    string Name { get; }

    /// <summary>Whether the officer sets delivered/returned by hand (the courier cannot be asked).</summary>
    bool StatesSetByHand { get; }

    /// <returns>The tracking number.</returns>
    Task<string> CreateAsync(ShipmentAddress address, CancellationToken cancellationToken);

    /// <returns>The state, or null when the courier does not know the number.</returns>
    Task<CourierState?> GetStateAsync(string trackingNumber, CancellationToken cancellationToken);
}

/// <summary>The courier could not be reached or answered something unexpected.</summary>
internal sealed class CourierException : Exception
{
    public CourierException()
    {
    }

    public CourierException(string message)
        : base(message)
    {
    }

    public CourierException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A courier with a small JSON API: <c>POST {base}/shipments</c> with the address → <c>{"trackingNumber": "…"}</c>;
/// <c>GET {base}/shipments/{number}</c> → <c>{"state": "sent" | "delivered" | "returned"}</c>, 404 for an unknown number.
/// </summary>
internal sealed class HttpCourierProvider(HttpClient http, IOptions<CourierOptions> options) : ICourierProvider
{
    public string Name => options.Value.Name;

    public bool StatesSetByHand => false;

    public async Task<string> CreateAsync(ShipmentAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        try
        {
            using var response = await http.PostAsJsonAsync(
                Url("shipments"),
                new CreateRequest(address.RecipientName, address.ProvinceCode, address.District, address.AddressLine, address.PostalCode, address.MobilePhone),
                cancellationToken);
            response.EnsureSuccessStatusCode();
            var created = await response.Content.ReadFromJsonAsync<CreateResponse>(cancellationToken);
            return created?.TrackingNumber is { Length: >= 1 and <= 60 } number
                ? number
                : throw new CourierException("The courier answered without a tracking number.");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CourierException("The courier could not be reached.", ex);
        }
    }

    public async Task<CourierState?> GetStateAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(Url("shipments/" + Uri.EscapeDataString(trackingNumber)), cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            var answer = await response.Content.ReadFromJsonAsync<StateResponse>(cancellationToken);
            return answer?.State switch
            {
                "sent" => CourierState.Sent,
                "delivered" => CourierState.Delivered,
                "returned" => CourierState.Returned,
                _ => throw new CourierException($"The courier answered an unknown state: {answer?.State}"),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CourierException("The courier could not be reached.", ex);
        }
    }

    private Uri Url(string path)
    {
        var baseUrl = options.Value.BaseUrl ?? throw new CourierException("Muhur:Courier:BaseUrl is not configured.");
        return new Uri(new Uri(baseUrl.ToString().TrimEnd('/') + "/"), path);
    }

    private sealed record CreateRequest(
        [property: JsonPropertyName("recipient")] string Recipient,
        [property: JsonPropertyName("province")] short Province,
        [property: JsonPropertyName("district")] string District,
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("postalCode")] string PostalCode,
        [property: JsonPropertyName("mobile")] string? Mobile);

    private sealed record CreateResponse([property: JsonPropertyName("trackingNumber")] string? TrackingNumber);

    private sealed record StateResponse([property: JsonPropertyName("state")] string? State);
}

/// <summary>
/// For development and demonstration: makes tracking numbers ("GK" and twelve digits) without any courier; it cannot be
/// asked for a state, so the officer sets delivered or returned by hand.
/// </summary>
internal sealed class DevelopmentCourierProvider(IOptions<CourierOptions> options) : ICourierProvider
{
    public string Name => options.Value.Name;

    public bool StatesSetByHand => true;

    public Task<string> CreateAsync(ShipmentAddress address, CancellationToken cancellationToken) =>
        Task.FromResult("GK" + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)
            + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

    public Task<CourierState?> GetStateAsync(string trackingNumber, CancellationToken cancellationToken) => Task.FromResult<CourierState?>(null);
}
