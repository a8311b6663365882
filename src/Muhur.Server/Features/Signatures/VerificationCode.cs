using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Muhur.Server.Features.Shared;

namespace Muhur.Server.Features.Signatures;

/// <summary>What a signed code approves.</summary>
internal enum CodePurpose
{
    /// <summary>R-APP-8: an application form completed e-signed.</summary>
    Application,

    /// <summary>R-EONAY-1: the holder's one-time E-Onay consent.</summary>
    EOnayConsent,

    /// <summary>An online operation confirmed with the card.</summary>
    OnlineOperation,
}

/// <summary>A code the portal shows and the holder signs with the card's key (R-APP-8, R-EONAY-1).</summary>
internal sealed class VerificationCode
{
    private VerificationCode()
    {
        Code = Reference = NationalId = string.Empty;
    }

    public string Code { get; private set; }

    public CodePurpose Purpose { get; private set; }

    /// <summary>The application or operation the code belongs to.</summary>
    public string Reference { get; private set; }

    /// <summary>Whose card must sign it.</summary>
    public string NationalId { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public byte[]? SignerCertificate { get; private set; }

    public static VerificationCode Create(CodePurpose purpose, string reference, string nationalId, DateTimeOffset now, TimeSpan lifetime)
    {
        return new VerificationCode
        {
            // Nothing to misread when it is typed from the screen (TypedCode's alphabet).
            Code = TypedCode.New(),
            Purpose = purpose,
            Reference = reference,
            NationalId = nationalId,
            IssuedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    public void MarkUsed(byte[] signerCertificate, DateTimeOffset now)
    {
        UsedAt = now;
        SignerCertificate = signerCertificate;
    }
}

internal sealed class VerificationCodeConfiguration : IEntityTypeConfiguration<VerificationCode>
{
    public void Configure(EntityTypeBuilder<VerificationCode> builder)
    {
        builder.ToTable("verification_codes");
        builder.HasKey(c => c.Code);
    }
}
