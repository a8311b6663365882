using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Cards;

/// <summary>
/// Opens a card's sealed PIN and PUK (R-CARD-2) and records who saw them in the audit log before returning them.
/// The holder's PIN/PUK screen behind password and SMS login (R-OPS-3, R-OPS-4) is where they are meant to be shown;
/// until it exists, only a development installation may show them at the command line (see <c>./muhur card pin</c>).
/// </summary>
internal sealed class DiscloseCardSecrets(MuhurDbContext db, CardSecrets secrets, AuditLog audit)
{
    /// <returns>The PIN and PUK, or null when no card has this serial.</returns>
    public async Task<(string Pin, string Puk)?> RunAsync(string cardSerial, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cardSerial);
        var card = await db.Cards.AsNoTracking().SingleOrDefaultAsync(c => c.Serial == cardSerial, cancellationToken);
        if (card is null)
        {
            return null;
        }

        var opened = secrets.Open(card.Serial, new SealedCardSecrets(card.MasterKeyId, card.WrappedDataKey, card.PinEnvelope, card.PukEnvelope));
        // Audited before the secrets leave this method: a disclosure that is not recorded must not happen.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.AppendAsync(db, actor, AuditActions.CardSecretsDisclosed, $"card:{card.Serial}", new { Channel = actor }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return opened;
    }
}
