using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Captcha;

/// <summary>
/// Whether the text typed is the picture's (R-APP-2). The picture is used up by the check whatever its
/// outcome — deleted in the same statement that reads it, so two requests can never both use it.
/// </summary>
internal sealed class CheckCaptcha(MuhurDbContext db, TimeProvider time)
{
    public async Task<bool> RunAsync(string? id, string? typed, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return false;
        }

        var used = await db.Database
            .SqlQuery<UsedChallenge>($"DELETE FROM captcha_challenges WHERE id = {id} RETURNING answer_hash AS \"AnswerHash\", expires_at AS \"ExpiresAt\"")
            .ToListAsync(cancellationToken);
        return used is [var challenge]
            && challenge.ExpiresAt > time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(CaptchaChallenge.HashAnswer(id, typed ?? string.Empty), challenge.AnswerHash);
    }

    private sealed record UsedChallenge(byte[] AnswerHash, DateTimeOffset ExpiresAt);
}
