using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Cards;

namespace Muhur.Server.Features.CardProduction;

/// <summary>What came of producing the card of one approved application.</summary>
/// <param name="ApplicationId">The application.</param>
/// <param name="NotFound">No such application.</param>
/// <param name="NotApprovedState">The application's state when it was not Approved (nothing was touched).</param>
/// <param name="Card">The production's result when it was attempted.</param>
internal sealed record ApprovedCardResult(Guid ApplicationId, bool NotFound, ApplicationState? NotApprovedState, ProduceCardResult? Card)
{
    public bool Produced => Card?.Outcome == ProduceCardOutcome.Produced;

    /// <summary>The resource key suffix of the outcome's Turkish message (<c>CardProduction_Outcome_{key}</c>).</summary>
    public string OutcomeKey => NotFound ? "NotFound" : NotApprovedState is not null ? "NotApproved" : Card!.Outcome.ToString();
}

/// <summary>
/// R-CARD-1 from an approved application (issue 11 item 4): the card is produced for the application's person and
/// institution as <c>card produce</c> produces it (<see cref="ProduceCard"/>: blank token, random PIN and PUK sealed, key
/// on the card, the certificate issued, R-REN-2's start date for a renewal, and written), and in the one transaction that
/// records the card the application gets it (<see cref="Application.AttachCard"/>) and moves to CardProduced
/// (<see cref="ApplicationEvent.ProduceCard"/>, with the serial for the notices). A production that fails leaves the
/// application Approved (see <see cref="ProduceCard"/> for the token and the certificate).
/// </summary>
internal sealed class ProduceApprovedCard(MuhurDbContext db, ProduceCard produceCard, ChangeApplicationState changeState)
{
    /// <summary>One application's card on a token of the module; the serial generated unless given.</summary>
    public async Task<ApprovedCardResult> RunAsync(Guid applicationId, string modulePath, string? cardSerial, string actor, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking()
            .Where(a => a.Id == applicationId)
            .Select(a => new { a.PersonId, a.InstitutionId, a.State })
            .SingleOrDefaultAsync(cancellationToken);
        if (application is null)
        {
            return new ApprovedCardResult(applicationId, true, null, null);
        }

        if (application.State != ApplicationState.Approved)
        {
            return new ApprovedCardResult(applicationId, false, application.State, null);
        }

        var order = new CardOrder(cardSerial ?? CardSerials.Generate(), application.PersonId, application.InstitutionId);
        var result = await produceCard.RunOnTokenAsync(modulePath, null, order, new ApplicationCardHook(db, changeState, actor, [applicationId]), actor, cancellationToken);
        return Wrap(applicationId, result);
    }

    /// <summary>
    /// Many approved applications at once, each on its medium (the benchmark: keys made beforehand, the production path
    /// without the token); one certificate batch and one recording transaction.
    /// </summary>
    public async Task<IReadOnlyList<ApprovedCardResult>> RunManyAsync(
        IReadOnlyList<(Guid ApplicationId, ICardMedium Medium)> cards, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var ids = cards.Select(c => c.ApplicationId).ToList();
        var applications = await db.Set<Application>().AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.PersonId, a.InstitutionId, a.State })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var results = new ApprovedCardResult?[cards.Count];
        var accepted = new List<int>();
        for (var i = 0; i < cards.Count; i++)
        {
            if (!applications.TryGetValue(ids[i], out var application))
            {
                results[i] = new ApprovedCardResult(ids[i], true, null, null);
            }
            else if (application.State != ApplicationState.Approved)
            {
                results[i] = new ApprovedCardResult(ids[i], false, application.State, null);
            }
            else
            {
                accepted.Add(i);
            }
        }

        var orders = accepted
            .Select(i => (new CardOrder(CardSerials.Generate(), applications[ids[i]].PersonId, applications[ids[i]].InstitutionId), cards[i].Medium))
            .ToList();
        var produced = await produceCard.RunManyAsync(orders, new ApplicationCardHook(db, changeState, actor, [.. accepted.Select(i => ids[i])]), actor, cancellationToken);
        for (var n = 0; n < accepted.Count; n++)
        {
            results[accepted[n]] = Wrap(ids[accepted[n]], produced[n]);
        }

        return results!;
    }

    private static ApprovedCardResult Wrap(Guid applicationId, ProduceCardResult result) => new(applicationId, false, null, result);

    /// <summary>Links each recorded card to its application and applies ProduceCard, in the cards' transaction.</summary>
    private sealed class ApplicationCardHook(MuhurDbContext db, ChangeApplicationState changeState, string actor, IReadOnlyList<Guid> applicationIds)
        : ICardRecordHook
    {
        private Dictionary<Guid, Application> _locked = [];

        public async Task<IReadOnlyDictionary<int, string>> LockAsync(IReadOnlyList<(int Index, Card Card)> cards, CancellationToken cancellationToken)
        {
            var ids = cards.Select(c => applicationIds[c.Index]).ToArray();

            // In id order, so two productions cannot deadlock; the state is read again under the lock (the officer may
            // have had it cancelled meanwhile).
            _locked = await db.Set<Application>()
                .FromSql($"SELECT * FROM applications WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
                .ToDictionaryAsync(a => a.Id, cancellationToken);
            var refused = new Dictionary<int, string>();
            foreach (var (index, _) in cards)
            {
                if (!_locked.TryGetValue(applicationIds[index], out var application))
                {
                    refused[index] = "not_found";
                }
                else if (ApplicationStateRules.Decide(application.State, ApplicationEvent.ProduceCard) is { Allowed: false } transition)
                {
                    refused[index] = transition.RefusalId!;
                }
            }

            return refused;
        }

        public async Task RecordAsync(IReadOnlyList<(int Index, Card Card)> cards, CancellationToken cancellationToken)
        {
            foreach (var (index, card) in cards)
            {
                var application = _locked[applicationIds[index]];
                application.AttachCard(card.Serial);
                var changed = await changeState.ApplyAsync(
                    application, ApplicationEvent.ProduceCard, actor, null, cancellationToken, new ApplicationNoticeFacts(CardSerial: card.Serial));
                if (!changed.Changed)
                {
                    // Checked under the same lock in LockAsync; the whole recording rolls back rather than half of it.
                    throw new InvalidOperationException($"Application {application.Id} refused ProduceCard: {changed.RefusalId}");
                }
            }
        }
    }
}
