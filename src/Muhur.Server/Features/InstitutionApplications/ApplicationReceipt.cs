using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>
/// R-ELIG-4, R-ELIG-5: the receipt (dekont) of an individually paid application, as the institution uploaded it. It has
/// no institution of its own: it is read only through its application, which the institution query filter guards (R-X-4).
/// </summary>
internal sealed class ApplicationReceipt
{
    private ApplicationReceipt()
    {
        FileName = ContentType = UploadedBy = string.Empty;
        Content = [];
    }

    public Guid ApplicationId { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public byte[] Content { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public string UploadedBy { get; private set; }

    /// <summary>R-ELIG-5: the centre accepted the payment; an individually paid application is approved only then.</summary>
    public DateTimeOffset? AcceptedAt { get; private set; }

    public string? AcceptedBy { get; private set; }

    /// <summary>R-ELIG-5: the centre refused the receipt, with the reason the institution is told.</summary>
    public DateTimeOffset? RefusedAt { get; private set; }

    public string? RefusedBy { get; private set; }

    public string? RefusedReason { get; private set; }

    /// <summary>Accepting replaces an earlier refusal (migration 0009 allows only one of the two at a time).</summary>
    public void Accept(string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        AcceptedAt = now;
        AcceptedBy = actor;
        RefusedAt = null;
        RefusedBy = null;
        RefusedReason = null;
    }

    /// <summary>Refusing withdraws an earlier acceptance: the application cannot be approved on it any more.</summary>
    public void Refuse(string actor, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        RefusedAt = now;
        RefusedBy = actor;
        RefusedReason = reason;
        AcceptedAt = null;
        AcceptedBy = null;
    }

    public static ApplicationReceipt Create(Guid applicationId, CheckedReceipt receipt, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new ApplicationReceipt
        {
            ApplicationId = applicationId,
            FileName = receipt.FileName,
            ContentType = receipt.ContentType,
            Content = receipt.Content,
            UploadedAt = now,
            UploadedBy = actor,
        };
    }
}

internal sealed class ApplicationReceiptConfiguration : IEntityTypeConfiguration<ApplicationReceipt>
{
    public void Configure(EntityTypeBuilder<ApplicationReceipt> builder)
    {
        builder.ToTable("application_receipts");
        builder.HasKey(r => r.ApplicationId);
    }
}
