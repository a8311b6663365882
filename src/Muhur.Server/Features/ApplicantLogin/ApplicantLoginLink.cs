using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>
/// A one-time login link (R-APP-2, WCAG 2.2 SC 3.3.8): the alternative to "Resimdeki yazı" for a person who cannot
/// read the picture. The mail carries 256 random bits; the table keeps only their SHA-256, so reading it opens
/// nothing. Used once, at the sign-in it leads to; expires after <see cref="ApplicantLoginOptions.LinkLifetime"/>.
/// </summary>
internal sealed class ApplicantLoginLink
{
    private ApplicantLoginLink()
    {
        TokenHash = [];
    }

    public byte[] TokenHash { get; private set; }

    public Guid ApplicationId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public static (ApplicantLoginLink Link, string Token) Create(Guid applicationId, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (new ApplicantLoginLink
        {
            TokenHash = HashToken(token),
            ApplicationId = applicationId,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        }, token);
    }

    public static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));

    /// <summary>Whether <paramref name="token"/> has the shape of one we make (43 base64url characters).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

internal sealed class ApplicantLoginLinkConfiguration : IEntityTypeConfiguration<ApplicantLoginLink>
{
    public void Configure(EntityTypeBuilder<ApplicantLoginLink> builder)
    {
        builder.ToTable("applicant_login_links");
        builder.HasKey(l => l.TokenHash);
    }
}
