using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.CertificateAuthority;

internal enum CaRole
{
    Root,
    Issuing,
    OcspResponder,
}

/// <summary>One of the centre's own certificates: the root, the issuing CA, an OCSP responder.</summary>
internal sealed class CaCertificate
{
    private CaCertificate()
    {
        KeyName = Subject = string.Empty;
        Serial = Der = [];
    }

    public Guid Id { get; private set; }

    public CaRole Role { get; private set; }

    public string KeyName { get; private set; }

    public byte[] Serial { get; private set; }

    public string Subject { get; private set; }

    public DateTimeOffset NotBefore { get; private set; }

    public DateTimeOffset NotAfter { get; private set; }

    public byte[] Der { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static CaCertificate From(CaRole role, string keyName, X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CaCertificate
        {
            Id = Guid.CreateVersion7(now),
            Role = role,
            KeyName = keyName,
            Serial = certificate.SerialNumberBytes.ToArray(),
            Subject = certificate.Subject,
            NotBefore = certificate.NotBefore.ToUniversalTime(),
            NotAfter = certificate.NotAfter.ToUniversalTime(),
            Der = certificate.RawData,
            IsActive = true,
            CreatedAt = now,
        };
    }

    public void Retire() => IsActive = false;
}

internal sealed class CaCertificateConfiguration : IEntityTypeConfiguration<CaCertificate>
{
    public void Configure(EntityTypeBuilder<CaCertificate> builder) => builder.ToTable("ca_certificates");
}
