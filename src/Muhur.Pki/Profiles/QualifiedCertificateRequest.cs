using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Identity;

namespace Muhur.Pki.Profiles;

/// <summary>What a registration officer has verified about the holder, plus the key to certify.</summary>
public sealed record QualifiedCertificateRequest
{
    /// <summary>From <see cref="HolderPublicKey"/>.</summary>
    public required PublicKey SubjectPublicKey { get; init; }

    /// <summary>
    /// The registered identifier (T.C. Kimlik No, foreigner's number or passport), validated by
    /// <see cref="PersonIdentifier"/>; it becomes the subject serialNumber.
    /// </summary>
    public required PersonIdentifier Identifier { get; init; }

    public required string GivenName { get; init; }

    public required string Surname { get; init; }

    /// <summary>Becomes the subject O attribute when present.</summary>
    public string? Institution { get; init; }

    /// <summary>Explicit so a renewal can start at the previous certificate's notAfter (R-REN-2).</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>Overrides the profile's validity.</summary>
    public int? ValidityYears { get; init; }

    /// <summary>DER INTEGER content octets; a fresh <see cref="Authority.SerialNumber"/> when null.</summary>
    public ReadOnlyMemory<byte>? SerialNumber { get; init; }
}
