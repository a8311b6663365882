using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Captcha;

/// <summary>Draws a new "Resimdeki yazı" picture and stores it; the page gets only its id.</summary>
internal sealed class IssueCaptcha(MuhurDbContext db, TimeProvider time)
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (challenge, _) = CaptchaChallenge.Create(now);
        db.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);

        // Pictures nobody answered are useless once expired; each new one clears a few, so the table stays
        // small without a job of its own.
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM captcha_challenges WHERE id IN (SELECT id FROM captcha_challenges WHERE expires_at < {now} LIMIT 20)",
            cancellationToken);
        return challenge.Id;
    }

    /// <summary>Drops a picture the person asked to replace ("Yeni resim"), so it cannot be answered any more.</summary>
    public async Task DiscardAsync(string? id, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(id) && id.Length <= 64)
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM captcha_challenges WHERE id = {id}", cancellationToken);
        }
    }
}
