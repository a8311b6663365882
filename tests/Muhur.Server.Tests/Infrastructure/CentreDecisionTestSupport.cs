using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>Applications brought to the centre through the real state machine, for the officer's queue and decision.</summary>
internal static class CentreDecisionTestSupport
{
    public sealed record AtCentre(Guid Id, Guid InstitutionId, string Identifier, string? FormNumber);

    /// <summary>
    /// A new person of <paramref name="institution"/> with an application driven through the real state machine to
    /// the centre by <paramref name="signing"/> (EApprove, ESign, or Receive for a wet form with its barcode), or left
    /// at PhoneApproved when null. An individual payment gets the receipt the institution would have uploaded.
    /// </summary>
    public static async Task<AtCentre> AtCentreAsync(
        MuhurAppFactory app, string givenName, string surname, string institution, ApplicationEvent? signing, PaymentMode payment = PaymentMode.Institution)
    {
        var identifier = ApplicationSigningTestSupport.NewTurkishId();
        var holder = await CaTestSupport.RegisterAsync(app, identifier, institution, givenName, surname);
        var eligibility = payment == PaymentMode.Individual ? new EligibilityDecision(PaymentMode.Individual, EligibilityReason.Individual, null) : null;
        var (id, _) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier, eligibility);
        if (payment == PaymentMode.Individual)
        {
            await app.Database.ExecuteAsync(
                "INSERT INTO application_receipts (application_id, file_name, content_type, content, uploaded_at, uploaded_by) VALUES ($1, 'dekont.pdf', 'application/pdf', $2, now(), 'staff:kurum.yetkili')",
                id, InstitutionApplicationSupport.ReceiptPdf);
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var change = scope.ServiceProvider.GetRequiredService<ChangeApplicationState>();
        string? formNumber = null;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var application = await change.LockAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("gone");
            application.FillForm(new ApplicationFormFields("+905321234567", 6, "Çankaya", "Atatürk Bulvarı No: 1", "06100", "hash-not-checked-here", true, null), DateTimeOffset.UtcNow);
            var events = new List<ApplicationEvent> { ApplicationEvent.ConfirmForm, ApplicationEvent.ApprovePhone };
            events.AddRange(signing switch
            {
                null => [],
                ApplicationEvent.Receive => [ApplicationEvent.PrintWetForm, ApplicationEvent.Forward, ApplicationEvent.Receive],
                var e => [e.Value],
            });
            foreach (var e in events)
            {
                Assert.True((await change.ApplyAsync(application, e, "applicant:test", null, CancellationToken.None)).Changed);
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        if (signing == ApplicationEvent.Receive)
        {
            formNumber = FormNumber.Create(2026, Random.Shared.Next(1, 9_999_999));
            await app.Database.ExecuteAsync(
                "INSERT INTO application_forms (form_number, application_id, created_at, protected_pdf) VALUES ($1, $2, now(), $3)", formNumber, id, new byte[] { 1 });
        }

        // Distinct times, so "oldest first" has an order to show.
        await Task.Delay(20);
        return new AtCentre(id, holder.InstitutionId, identifier, formNumber);
    }
}
