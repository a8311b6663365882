using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>
/// An SMS approval code sent for an application's form (R-APP-5): only its hash, the number it went to, and how it
/// was used. The code that counts is the newest one sent since the form was last confirmed.
/// </summary>
internal sealed class ApplicationSmsCode
{
    private ApplicationSmsCode()
    {
        MobilePhone = string.Empty;
        CodeHash = [];
    }

    public long Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string MobilePhone { get; private set; }

    public byte[] CodeHash { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    public int WrongEntries { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public SmsCodeState State => new(CodeHash, SentAt, WrongEntries, UsedAt);

    public static ApplicationSmsCode Create(Guid applicationId, string mobilePhone, string code, DateTimeOffset now) => new()
    {
        ApplicationId = applicationId,
        MobilePhone = mobilePhone,
        CodeHash = SmsApprovalRules.HashCode(applicationId, code),
        SentAt = now,
    };

    /// <summary>Records what <see cref="SmsApprovalRules.Check"/> decided.</summary>
    public void Record(SmsCodeCheck check, DateTimeOffset now)
    {
        switch (check)
        {
            case SmsCodeCheck.Accepted:
                UsedAt = now;
                break;
            case SmsCodeCheck.Wrong or SmsCodeCheck.WrongAndVoided:
                WrongEntries = Math.Min(WrongEntries + 1, SmsApprovalRules.MaxWrongEntries);
                break;
        }
    }
}

/// <summary>
/// A wet-signed application form as printed (R-APP-7): its barcode number, the PDF encrypted with Data Protection
/// (it prints the security word), and, after a correction, when and why it was voided. Rows are never deleted.
/// </summary>
internal sealed class WetForm
{
    private WetForm()
    {
        FormNumber = string.Empty;
        ProtectedPdf = [];
    }

    public string FormNumber { get; private set; }

    public Guid ApplicationId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public byte[] ProtectedPdf { get; private set; }

    public DateTimeOffset? VoidedAt { get; private set; }

    public string? VoidedReason { get; private set; }

    /// <summary>R-APP-9: the institution authority marked the signed paper form received, by its barcode.</summary>
    public DateTimeOffset? ReceivedByInstitutionAt { get; private set; }

    public string? ReceivedByInstitutionBy { get; private set; }

    public void MarkReceivedByInstitution(string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (ReceivedByInstitutionAt is not null || VoidedAt is not null)
        {
            throw new InvalidOperationException("Only a valid form not yet received is marked received.");
        }

        ReceivedByInstitutionAt = now;
        ReceivedByInstitutionBy = actor;
    }

    public static WetForm Create(string formNumber, Guid applicationId, byte[] protectedPdf, DateTimeOffset now) => new()
    {
        FormNumber = formNumber,
        ApplicationId = applicationId,
        ProtectedPdf = protectedPdf,
        CreatedAt = now,
    };

    public void Void(string reason, DateTimeOffset now)
    {
        VoidedAt ??= now;
        VoidedReason ??= reason;
    }
}

internal sealed class ApplicationFormConfiguration : IEntityTypeConfiguration<ApplicationSmsCode>, IEntityTypeConfiguration<WetForm>
{
    public void Configure(EntityTypeBuilder<ApplicationSmsCode> builder)
    {
        builder.ToTable("application_sms_codes");
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Ignore(c => c.State);
        builder.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId);
    }

    public void Configure(EntityTypeBuilder<WetForm> builder)
    {
        builder.ToTable("application_forms");
        builder.HasKey(f => f.FormNumber);
        builder.HasOne<Application>().WithMany().HasForeignKey(f => f.ApplicationId);
    }
}
