using System.Net;
using System.Text.RegularExpressions;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>Wet-signed applications ready to forward, and the forwarding pages' forms posted as a browser posts them (R-APP-9).</summary>
internal static partial class ForwardingTestSupport
{
    public const string AuthorityPassword = "Kurum.Yetkili-2026";

    /// <summary>A new applicant of the demo institution through form, SMS and wet form; the applicant's client, application and form number.</summary>
    public static async Task<(HttpClient Applicant, Guid ApplicationId, string FormNumber)> WetFormAsync(MuhurAppFactory app)
    {
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.ConfirmAndApproveAsync(app, client);
        var number = await Support.PrintAsync(client);
        return (client, id, number);
    }

    /// <summary>The applicant corrects the district: the printed form is voided (R-APP-7).</summary>
    public static async Task CorrectFormAsync(MuhurAppFactory app, HttpClient applicant, Guid applicationId)
    {
        // Codes are spaced a minute apart (R-APP-5): the test moves the last one back instead of waiting.
        await Support.ExecuteAsync(app, $"UPDATE application_sms_codes SET sent_at = sent_at - interval '61 seconds' WHERE application_id = {applicationId}");
        var corrected = await Support.PostFormAsync(applicant, Support.ValidForm(overrides: new Dictionary<string, string> { ["Input.District"] = "Keçiören" }));
        if (corrected.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Correction not accepted: " + await corrected.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Scans a barcode at /kurum/evrak and returns the page the redirect leads to (with its message).</summary>
    public static async Task<string> MarkAsync(HttpClient authority, string barcode)
    {
        var response = await MuhurAppFactory.PostFormAsync(authority, "/kurum/evrak?handler=Mark", new Dictionary<string, string> { ["barcode"] = barcode }, "/kurum/evrak");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return WebUtility.HtmlDecode(await authority.GetStringAsync(response.Headers.Location!.OriginalString));
    }

    /// <summary>Posts the batch form of /kurum/evrak with the given forms selected and the letter's defaults as the page offers them.</summary>
    public static async Task<HttpResponseMessage> CreateBatchAsync(HttpClient authority, IEnumerable<string> formNumbers, string? letterNumber = null)
    {
        var page = await authority.GetStringAsync("/kurum/evrak");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", MuhurAppFactory.AntiforgeryToken(page)),
            new("Letter.InstitutionName", WebUtility.HtmlDecode(InputValue(page, "Letter_InstitutionName"))),
            new("Letter.PostalAddress", WebUtility.HtmlDecode(AddressValue().Match(page).Groups[1].Value.Trim())),
            new("Letter.Phone", WebUtility.HtmlDecode(InputValue(page, "Letter_Phone"))),
            new("Letter.Email", WebUtility.HtmlDecode(InputValue(page, "Letter_Email"))),
            new("Letter.LetterDate", InputValue(page, "Letter_LetterDate")),
            new("Letter.LetterNumber", letterNumber ?? InputValue(page, "Letter_LetterNumber")),
            new("Letter.SignatoryName", WebUtility.HtmlDecode(InputValue(page, "Letter_SignatoryName"))),
            new("Letter.SignatoryTitle", "Genel Sekreter"),
        };
        fields.AddRange(formNumbers.Select(n => new KeyValuePair<string, string>("Selected", n)));
        using var content = new FormUrlEncodedContent(fields);
        return await authority.PostAsync("/kurum/evrak?handler=Create", content);
    }

    /// <summary>Creates a batch and returns its id (from the redirect to its page).</summary>
    public static async Task<Guid> CreatedBatchAsync(HttpClient authority, IEnumerable<string> formNumbers)
    {
        var response = await CreateBatchAsync(authority, formNumbers);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Batch not created: " + await response.Content.ReadAsStringAsync());
        }

        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient authority, Guid batchId, string courier = "") =>
        MuhurAppFactory.PostFormAsync(authority, $"/kurum/evrak/gonderiler/{batchId}?handler=Send",
            new Dictionary<string, string> { ["CourierReference"] = courier }, $"/kurum/evrak/gonderiler/{batchId}");

    public static Task<HttpResponseMessage> CancelAsync(HttpClient authority, Guid batchId) =>
        MuhurAppFactory.PostFormAsync(authority, $"/kurum/evrak/gonderiler/{batchId}?handler=Cancel",
            new Dictionary<string, string>(), $"/kurum/evrak/gonderiler/{batchId}");

    /// <summary>The officer scans a barcode on the batch's page; the page after the redirect.</summary>
    public static async Task<string> ScanAsync(HttpClient officer, Guid batchId, string barcode)
    {
        var path = $"/merkez/gelen-evrak/{batchId}";
        var response = await MuhurAppFactory.PostFormAsync(officer, path + "?handler=Scan", new Dictionary<string, string> { ["barcode"] = barcode }, path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return WebUtility.HtmlDecode(await officer.GetStringAsync(path));
    }

    public static async Task<string> FinishAsync(HttpClient officer, Guid batchId)
    {
        var path = $"/merkez/gelen-evrak/{batchId}";
        var response = await MuhurAppFactory.PostFormAsync(officer, path + "?handler=Finish", new Dictionary<string, string>(), path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return WebUtility.HtmlDecode(await officer.GetStringAsync(path));
    }

    private static string InputValue(string page, string id)
    {
        var match = Regex.Match(page, $"<input[^>]*id=\"{id}\"[^>]*value=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : string.Empty;
    }

    [GeneratedRegex("<textarea[^>]*id=\"Letter_PostalAddress\"[^>]*>([^<]*)</textarea>")]
    private static partial Regex AddressValue();
}
