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
