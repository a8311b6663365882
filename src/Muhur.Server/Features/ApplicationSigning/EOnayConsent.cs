using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>
/// R-EONAY-1: a holder's E-Onay consent, given once by signing a verification code with a valid qualified certificate
/// of ours; in force until withdrawn (one in force per registration, a partial unique index of migration 0008).
/// </summary>
internal sealed class EOnayConsent
{
    private EOnayConsent()
    {
        VerificationCode = string.Empty;
        CertificateSerial = [];
    }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    /// <summary>The signed code that gave it.</summary>
    public string VerificationCode { get; private set; }

    public byte[] CertificateSerial { get; private set; }

    public DateTimeOffset GivenAt { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public static EOnayConsent Give(Guid personId, string verificationCode, byte[] certificateSerial, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PersonId = personId,
        VerificationCode = verificationCode,
        CertificateSerial = certificateSerial,
        GivenAt = now,
    };

    public void Withdraw(DateTimeOffset now) => WithdrawnAt = now;
}

internal sealed class EOnayConsentConfiguration : IEntityTypeConfiguration<EOnayConsent>
{
    public void Configure(EntityTypeBuilder<EOnayConsent> builder) => builder.ToTable("eonay_consents");
}
