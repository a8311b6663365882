using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.People;
using Npgsql;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>One row of the import report: its number in the file, the name it gives, and what is wrong (nothing: OK).</summary>
internal sealed record ImportRowReport(int Row, string Name, IReadOnlyList<FieldError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>The whole import: refused as a file, refused for its rows (nothing imported), or imported.</summary>
internal sealed record ImportResult(CsvFileError FileError, IReadOnlyList<string> MissingColumns, IReadOnlyList<ImportRowReport> Rows, bool Imported)
{
    public int ImportedCount => Imported ? Rows.Count : 0;
}

/// <summary>
/// R-APP-1: many people at once from a CSV file, each row checked as the single form checks it
/// (<see cref="RegisterApplicant.PlanAsync"/>) and reported row by row; all or nothing: one bad row imports nothing.
/// A CSV row cannot carry a receipt, so a row whose position the institution does not pay for (R-ELIG-4) is refused
/// with the advice to register that person with the single form, where the receipt is uploaded.
/// </summary>
internal sealed class ImportApplicants(MuhurDbContext db, RegisterApplicant registerApplicant, AuditLog audit)
{
    public async Task<ImportResult> RunAsync(Guid institutionId, string actor, byte[] content, CancellationToken cancellationToken)
    {
        var fileError = ApplicantCsv.Parse(content, out var rows, out var missing);
        if (fileError != CsvFileError.None)
        {
            return new ImportResult(fileError, missing, [], false);
        }

        var units = await db.Units.Where(u => u.InstitutionId == institutionId).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);
        var positions = await db.Positions.Where(p => p.InstitutionId == institutionId).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var turkish = CultureInfo.GetCultureInfo("tr-TR").CompareInfo;
        bool Same(string a, string b) => turkish.Compare(a.Trim(), b.Trim(), CompareOptions.IgnoreCase) == 0;

        var reports = new List<ImportRowReport>();
        var plans = new List<PlannedApplicant>();
        var seen = new Dictionary<(PersonIdentifierKind, string, string), int>();
        foreach (var row in rows)
        {
            var errors = new List<FieldError>();
            var kind = RegisterApplicant.ParseKind(row.Get(ApplicantCsv.IdentifierKind));
            if (kind is null)
            {
                errors.Add(new FieldError("IdentifierKind", "InstApps_Import_IdentifierKindUnknown"));
            }

            Guid? unitId = null;
            if (row.Get(ApplicantCsv.Unit) is { Length: > 0 } unitName)
            {
                unitId = units.FirstOrDefault(u => Same(u.Name, unitName))?.Id;
                if (unitId is null)
                {
                    errors.Add(new FieldError("UnitId", "InstApps_Import_UnitUnknown", unitName));
                }
            }

            Guid? positionId = null;
            if (row.Get(ApplicantCsv.Position) is { Length: > 0 } positionName)
            {
                positionId = positions.FirstOrDefault(p => Same(p.Name, positionName))?.Id;
                if (positionId is null)
                {
                    errors.Add(new FieldError("PositionId", "InstApps_Import_PositionUnknown", positionName));
                }
            }

            var applicationKind = ParseApplicationKind(row.Get(ApplicantCsv.Kind));
            var name = $"{row.Get(ApplicantCsv.GivenName)} {row.Get(ApplicantCsv.Surname)}".Trim();
            if (kind is null)
            {
                reports.Add(new ImportRowReport(row.Number, name, errors));
                continue;
            }

            var request = new RegisterApplicantRequest(
                new RegisterPersonRequest(
                    kind.Value, row.Get(ApplicantCsv.IdentifierNumber), row.Get(ApplicantCsv.Country), row.Get(ApplicantCsv.GivenName),
                    row.Get(ApplicantCsv.Surname), row.Get(ApplicantCsv.Title), row.Get(ApplicantCsv.Email), unitId, positionId,
                    row.Get(ApplicantCsv.Mobile)),
                applicationKind,
                null);
            var (plan, planErrors) = await registerApplicant.PlanAsync(institutionId, request, receiptsAllowed: false, cancellationToken);

            // An unknown unit or position is reported once, as the file named it, not also as an empty choice.
            errors.AddRange(planErrors.Where(e => !(e.MessageKey == "Validation_UnknownChoice" && errors.Any(f => f.Field == e.Field))));
            if (plan is not null)
            {
                var key = (plan.Person.Identifier.Kind, plan.Person.Identifier.Number, plan.Person.Identifier.Country ?? "TR");
                if (seen.TryGetValue(key, out var firstRow))
                {
                    errors.Add(new FieldError("IdentifierNumber", "InstApps_Import_DuplicateInFile", firstRow.ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    seen[key] = row.Number;
                }
            }

            if (errors.Count == 0 && plan is not null)
            {
                plans.Add(plan);
            }

            reports.Add(new ImportRowReport(row.Number, name, errors));
        }

        if (reports.Any(r => !r.Ok))
        {
            return new ImportResult(CsvFileError.None, [], reports, false);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var plan in plans)
            {
                await registerApplicant.AddAsync(institutionId, plan, actor, cancellationToken);
            }

            await audit.AppendAsync(db, actor, AuditActions.ApplicationsImported, $"institution:{institutionId}", new { Rows = plans.Count }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone registered one of these people meanwhile; the transaction is rolled back, nothing is imported.
            return new ImportResult(CsvFileError.Concurrent, [], reports, false);
        }

        return new ImportResult(CsvFileError.None, [], reports, true);
    }

    /// <summary>The application kind as the file writes it: Turkish words (with or without Turkish letters) or the names.</summary>
    public static ApplicationKind? ParseApplicationKind(string? text)
    {
        var folded = new string((text ?? string.Empty).Trim().ToLower(CultureInfo.GetCultureInfo("tr-TR"))
            .Select(c => c switch { 'ı' => 'i', 'ç' => 'c', 'ğ' => 'g', 'ö' => 'o', 'ş' => 's', 'ü' => 'u', ' ' or '_' or '/' => '-', _ => c })
            .ToArray());
        folded = string.Join('-', folded.Split('-', StringSplitOptions.RemoveEmptyEntries));
        return folded switch
        {
            "ilk" or "ilk-basvuru" or "yeni" or "first" => ApplicationKind.First,
            "yenileme" or "renewal" => ApplicationKind.Renewal,
            "kayip" or "calinti" or "kayip-calinti" or "kayip-veya-calinti" or "lostorstolen" => ApplicationKind.LostOrStolen,
            "arizali" or "arizali-kart" or "faultycard" => ApplicationKind.FaultyCard,
            _ => null,
        };
    }
}
