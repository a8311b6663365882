using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Captcha;

/// <summary>
/// One "Resimdeki yazı" picture (R-APP-2): kept in the database so that any node can serve and check it, with
/// the answer only as a hash. It is answered once, right or wrong, and expires after <see cref="Lifetime"/>.
/// </summary>
internal sealed class CaptchaChallenge
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private CaptchaChallenge()
    {
        Id = string.Empty;
        AnswerHash = Image = [];
    }

    /// <summary>128 random bits, base64url: the only thing about it the page carries.</summary>
    public string Id { get; private set; }

    public byte[] AnswerHash { get; private set; }

    public byte[] Image { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public static (CaptchaChallenge Challenge, string Answer) Create(DateTimeOffset now)
    {
        var answer = CaptchaImage.NewAnswer();
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return (new CaptchaChallenge
        {
            Id = id,
            AnswerHash = HashAnswer(id, answer),
            Image = CaptchaImage.RenderPng(answer),
            ExpiresAt = now + Lifetime,
        }, answer);
    }

    /// <summary>
    /// Salted with the challenge's id so that equal answers differ in the table. Five characters cannot be
    /// hidden from someone who reads the table; the hash keeps them out of backups and logs in the clear.
    /// </summary>
    public static byte[] HashAnswer(string id, string answer) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{id}:{CaptchaImage.Normalize(answer)}"));
}

internal sealed class CaptchaChallengeConfiguration : IEntityTypeConfiguration<CaptchaChallenge>
{
    public void Configure(EntityTypeBuilder<CaptchaChallenge> builder) => builder.ToTable("captcha_challenges");
}
