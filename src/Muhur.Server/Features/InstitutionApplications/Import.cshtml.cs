using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>R-APP-1: many people at once from a CSV file, with a row-by-row report; all or nothing.</summary>
[RequestSizeLimit(2 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * 1024 * 1024)]
internal sealed class ImportModel(ImportApplicants importApplicants, IStringLocalizer<SharedResource> text) : PageModel
{
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["IdentifierKind"] = "Register_IdentifierKind",
        ["IdentifierNumber"] = "Register_IdentifierNumber",
        ["PassportCountry"] = "Register_PassportCountry",
        ["GivenName"] = "Register_GivenName",
        ["Surname"] = "Register_Surname",
        ["CorporateEmail"] = "Register_Email",
        ["MobilePhone"] = "InstApps_Mobile",
        ["UnitId"] = "Register_Unit",
        ["PositionId"] = "Register_Position",
        ["Kind"] = "InstApps_Kind",
        ["Receipt"] = "InstApps_Payment",
    };

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ImportResult? Result { get; private set; }

    public string? FileError { get; private set; }

    /// <summary>The sample file, with a byte order mark so that spreadsheets open its Turkish letters as UTF-8.</summary>
    public IActionResult OnGetSample() =>
        File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ApplicantCsv.Sample)).ToArray(), "text/csv; charset=utf-8", "basvurular-ornek.csv");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is not { Length: > 0 } file)
        {
            FileError = text["InstApps_Import_Empty"];
            return Page();
        }

        if (file.Length > ApplicantCsv.MaxBytes)
        {
            FileError = text["InstApps_Import_TooLarge"];
            return Page();
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        Result = await importApplicants.RunAsync(StaffClaims.InstitutionOf(User), StaffClaims.ActorOf(User), buffer.ToArray(), cancellationToken);
        if (Result.FileError != CsvFileError.None)
        {
            FileError = Result.FileError == CsvFileError.MissingColumns
                ? text["InstApps_Import_MissingColumns", string.Join(", ", Result.MissingColumns)]
                : text[$"InstApps_Import_{Result.FileError}"];
        }

        return Page();
    }

    /// <summary>"Column: what is wrong", in the page's language.</summary>
    public string Describe(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Argument is null ? text[error.MessageKey] : text[error.MessageKey, error.Argument];
        return FieldLabels.TryGetValue(error.Field, out var label) ? $"{text[label]}: {message}" : message;
    }
}
