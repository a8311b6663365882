using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.SmartCard;
using Npgsql;

namespace Muhur.Server.Features.Cards;

/// <summary>What the centre officer gives to produce a card: the token and a person registered at an institution.</summary>
internal sealed record ProduceCardRequest(
    string ModulePath,
    string CardSerial,
    Guid PersonId,
    Guid InstitutionId,
    ulong? Slot = null,
    bool Rsa = false);

/// <summary>One card to make: its serial, its holder at an institution, the key type.</summary>
internal sealed record CardOrder(string Serial, Guid PersonId, Guid InstitutionId, bool Rsa = false);

internal enum ProduceCardOutcome
{
    Produced,
    InvalidCardSerial,
    CardSerialInUse,
    NotRegistered,
    InvalidIdentifier,
    RenewalTooEarly,
    NoBlankToken,

    /// <summary>See <see cref="IssueOutcome.NameNotConforming"/>; refused before the card is touched.</summary>
    NameNotConforming,

    /// <summary>The token refused a step before any certificate existed (initialisation, PIN, key generation): nothing recorded.</summary>
    TokenFailed,

    /// <summary>The certificate was issued but could not be written to the card: it was revoked at once, nothing else recorded.</summary>
    CertificateNotWritten,

    /// <summary>Another production is using the tokens; nothing was touched.</summary>
    Busy,

    /// <summary>What the card was made for refused it at recording (<see cref="ICardRecordHook"/>): the certificate was revoked.</summary>
    RecordRefused,
}

/// <summary>What came of one card.</summary>
/// <param name="Outcome">Produced, or why not.</param>
/// <param name="Card">The recorded card when produced.</param>
/// <param name="Certificate">Its certificate when produced.</param>
/// <param name="RenewalOpensAt">R-REN-1: when a too early renewal's window opens.</param>
/// <param name="TokenError">The PKCS#11 return value's name when the token refused (<see cref="ProduceCardOutcome.TokenFailed"/>, <see cref="ProduceCardOutcome.CertificateNotWritten"/>).</param>
/// <param name="RefusalId">Why the hook refused (<see cref="ProduceCardOutcome.RecordRefused"/>).</param>
internal sealed record ProduceCardResult(
    ProduceCardOutcome Outcome,
    Card? Card,
    IssuedCertificate? Certificate,
    DateTimeOffset? RenewalOpensAt = null,
    string? TokenError = null,
    string? RefusalId = null);

/// <summary>
/// Records, in the transaction that records the cards, what they were made for (R-CARD-1: the application linked and moved
/// to CardProduced).
/// </summary>
internal interface ICardRecordHook
{
    /// <summary>Locks what it will change and says which cards it refuses (index into the batch → refusal id); changes nothing.</summary>
    Task<IReadOnlyDictionary<int, string>> LockAsync(IReadOnlyList<(int Index, Card Card)> cards, CancellationToken cancellationToken);

    /// <summary>Records its part for the accepted cards, which are saved already in the same transaction (foreign keys).</summary>
    Task RecordAsync(IReadOnlyList<(int Index, Card Card)> cards, CancellationToken cancellationToken);
}

/// <summary>
/// R-CARD-1: makes cards. Everything that can refuse is checked before a card is touched; then each card is initialised
/// with its serial as the label and the transport PUK, a random 6-digit PIN is set and the key pair generated on the card
/// (private key sensitive and not extractable); the CA issues the certificates for those public keys in one batch
/// (<see cref="IssueCertificate.RunManyAsync"/>, R-REN-2's start dates included); each certificate is written next to its
/// key (same CKA_ID) and the card's random PUK replaces the transport PUK; last, one transaction records the cards with
/// their PIN and PUK sealed (<see cref="CardSecrets"/>), their audit entries and what the <see cref="ICardRecordHook"/>
/// records with them. A card that fails before its certificate exists leaves nothing recorded and a token a later
/// production takes again; one that fails after has its certificate revoked at once (audited), never a half-made card
/// recorded as done. The PIN and PUK are never logged, printed or returned.
/// </summary>
internal sealed class ProduceCard(
    MuhurDbContext db,
    ActiveCertificateAuthority authority,
    IssueCertificate issueCertificate,
    ChangeCertificateStatus changeCertificateStatus,
    CardSecrets secrets,
    AuditLog audit,
    NpgsqlDataSource dataSource,
    TimeProvider time)
{
    /// <summary><c>./muhur card produce</c>: one card on a token of the module, for a registered person.</summary>
    public async Task<ProduceCardResult> RunAsync(ProduceCardRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await RunOnTokenAsync(
            request.ModulePath, request.Slot, new CardOrder(request.CardSerial, request.PersonId, request.InstitutionId, request.Rsa), null, actor, cancellationToken);
    }

    /// <summary>One card on a token of the module (blank, or a leftover of a failed production), recorded with the hook's changes.</summary>
    public async Task<ProduceCardResult> RunOnTokenAsync(
        string modulePath, ulong? slot, CardOrder order, ICardRecordHook? hook, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (await CheckAsync([order], cancellationToken) is [{ } refused])
        {
            return refused;
        }

        // A session lock on a connection of its own, held while the tokens are in use: a second production (another
        // officer, the command line, another node on the same reader) would otherwise see this one's token half-made.
        await using var gate = await TokenGate.TryTakeAsync(dataSource, cancellationToken);
        if (gate is null)
        {
            return new ProduceCardResult(ProduceCardOutcome.Busy, null, null);
        }

        using var medium = TokenCardMedium.Open(modulePath, secrets.TransportPuk);
        var labels = medium.InitialisedLabels;
        var recorded = (await db.Cards.Where(c => labels.Contains(c.Serial)).Select(c => c.Serial).ToListAsync(cancellationToken)).ToHashSet();
        if (recorded.Contains(order.Serial))
        {
            return new ProduceCardResult(ProduceCardOutcome.CardSerialInUse, null, null);
        }

        if (!medium.Choose(order.Serial, slot, recorded))
        {
            return new ProduceCardResult(
                labels.Contains(order.Serial) ? ProduceCardOutcome.CardSerialInUse : ProduceCardOutcome.NoBlankToken, null, null);
        }

        return (await MakeAsync([(order, medium)], hook, actor, cancellationToken))[0];
    }

    /// <summary>
    /// Makes a batch of cards, each on its medium (the benchmark's keys made beforehand; a token): the checks, then the
    /// production path above. The caller owns (and disposes) the media.
    /// </summary>
    public async Task<IReadOnlyList<ProduceCardResult>> RunManyAsync(
        IReadOnlyList<(CardOrder Order, ICardMedium Medium)> cards, ICardRecordHook? hook, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var refusals = await CheckAsync([.. cards.Select(c => c.Order)], cancellationToken);
        var accepted = Enumerable.Range(0, cards.Count).Where(i => refusals[i] is null).ToList();
        var made = await MakeAsync([.. accepted.Select(i => cards[i])], hook, actor, cancellationToken);
        var results = refusals.ToArray();
        for (var n = 0; n < accepted.Count; n++)
        {
            results[accepted[n]] = made[n];
        }

        return results!;
    }

    /// <summary>Everything that can refuse before a card is touched; null for an order that passes.</summary>
    private async Task<ProduceCardResult?[]> CheckAsync(IReadOnlyList<CardOrder> orders, CancellationToken cancellationToken)
    {
        var results = new ProduceCardResult?[orders.Count];
        var personIds = orders.Select(o => o.PersonId).Distinct().ToList();
        var serials = orders.Select(o => o.Serial).ToList();
        var holders = await db.People.AsNoTracking()
            .Where(p => personIds.Contains(p.Id))
            .Join(db.Institutions, p => p.InstitutionId, i => i.Id, (p, i) => new { Person = p, InstitutionName = i.Name })
            .ToDictionaryAsync(h => h.Person.Id, cancellationToken);
        var usedSerials = (await db.Cards.Where(c => serials.Contains(c.Serial)).Select(c => c.Serial).ToListAsync(cancellationToken)).ToHashSet();
        var renewals = await issueCertificate.RenewalOpensLaterAsync([.. orders.Select(o => (o.PersonId, o.InstitutionId)).Distinct()], cancellationToken);
        var seenSerials = new HashSet<string>();
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            ProduceCardOutcome? outcome = null;
            DateTimeOffset? opensAt = null;
            if (!CardSerials.IsValid(order.Serial))
            {
                outcome = ProduceCardOutcome.InvalidCardSerial;
            }
            else if (!holders.TryGetValue(order.PersonId, out var holder) || holder.Person.InstitutionId != order.InstitutionId)
            {
                outcome = ProduceCardOutcome.NotRegistered;
            }
            else if (!HasValidIdentifier(holder.Person))
            {
                outcome = ProduceCardOutcome.InvalidIdentifier;
            }
            else if (!IssueCertificate.HolderNamesConform(holder.Person.GivenName, holder.Person.Surname, holder.InstitutionName))
            {
                outcome = ProduceCardOutcome.NameNotConforming;
            }
            else if (usedSerials.Contains(order.Serial) || !seenSerials.Add(order.Serial))
            {
                outcome = ProduceCardOutcome.CardSerialInUse;
            }
            else if (renewals.TryGetValue((order.PersonId, order.InstitutionId), out opensAt))
            {
                outcome = ProduceCardOutcome.RenewalTooEarly;
            }

            results[i] = outcome is { } refused ? new ProduceCardResult(refused, null, null, opensAt) : null;
        }

        // The CA must be ready too before any card is touched.
        if (results.Any(r => r is null))
        {
            await authority.GetAsync(cancellationToken);
        }

        return results;
    }

    private static bool HasValidIdentifier(People.Person person)
    {
        try
        {
            _ = person.Identifier;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private async Task<ProduceCardResult[]> MakeAsync(
        IReadOnlyList<(CardOrder Order, ICardMedium Medium)> cards, ICardRecordHook? hook, string actor, CancellationToken cancellationToken)
    {
        var results = new ProduceCardResult[cards.Count];
        var credentials = new CardCredentials[cards.Count];
        var keys = new PublicKey?[cards.Count];
        for (var i = 0; i < cards.Count; i++)
        {
            var (order, medium) = cards[i];
            credentials[i] = new CardCredentials(
                order.Serial,
                RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture),
                RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture),
                secrets.TransportPuk(order.Serial),
                order.Rsa);
            try
            {
                keys[i] = medium.GenerateKey(credentials[i]);
            }
            catch (CardSerialOnTokenException)
            {
                results[i] = new ProduceCardResult(ProduceCardOutcome.CardSerialInUse, null, null);
            }
            catch (Pkcs11Exception ex)
            {
                // Nothing issued or recorded; the token keeps the transport PUK, so a later production takes it again.
                results[i] = new ProduceCardResult(ProduceCardOutcome.TokenFailed, null, null, TokenError: ex.Name);
            }
        }

        var keyed = Enumerable.Range(0, cards.Count).Where(i => keys[i] is not null).ToList();
        if (keyed.Count == 0)
        {
            return results;
        }

        var issued = await issueCertificate.RunManyAsync(
            [.. keyed.Select(i => new IssueCertificateRequest(keys[i]!, cards[i].Order.PersonId, cards[i].Order.InstitutionId))], actor, cancellationToken);
        var toRecord = new List<(int Index, Card Card, IssuedCertificate Certificate)>(keyed.Count);
        for (var n = 0; n < keyed.Count; n++)
        {
            var i = keyed[n];
            var (order, medium) = cards[i];
            switch (issued[n].Outcome)
            {
                // All checked before; only a concurrent issuance or change of the registration gets here.
                case IssueOutcome.RenewalTooEarly:
                    results[i] = new ProduceCardResult(ProduceCardOutcome.RenewalTooEarly, null, null, issued[n].RenewalOpensAt);
                    continue;
                case IssueOutcome.NotRegistered:
                    results[i] = new ProduceCardResult(ProduceCardOutcome.NotRegistered, null, null);
                    continue;
                case IssueOutcome.InvalidIdentifier:
                    results[i] = new ProduceCardResult(ProduceCardOutcome.InvalidIdentifier, null, null);
                    continue;
                case IssueOutcome.NameNotConforming:
                    results[i] = new ProduceCardResult(ProduceCardOutcome.NameNotConforming, null, null);
                    continue;
            }

            var certificate = issued[n].Certificate!;
            try
            {
                medium.WriteCertificate(certificate.Der);
                medium.Complete();
            }
            catch (Exception ex)
            {
                // Whatever stopped the writing, no valid certificate may stay behind for a card nobody records.
                medium.Abandon();
                await RevokeUnusedAsync([certificate], actor, CancellationToken.None);
                if (ex is not Pkcs11Exception token)
                {
                    throw;
                }

                results[i] = new ProduceCardResult(ProduceCardOutcome.CertificateNotWritten, null, null, TokenError: token.Name);
                continue;
            }

            var card = Card.Create(
                order.Serial, medium.Manufacturer, medium.Model, certificate.Serial, order.PersonId, order.InstitutionId,
                secrets.Seal(order.Serial, credentials[i].Pin, credentials[i].Puk), actor, time.GetUtcNow());
            toRecord.Add((i, card, certificate));
        }

        if (toRecord.Count > 0)
        {
            await RecordAsync(cards, toRecord, hook, actor, results, cancellationToken);
        }

        return results;
    }

    private async Task RecordAsync(
        IReadOnlyList<(CardOrder Order, ICardMedium Medium)> cards,
        List<(int Index, Card Card, IssuedCertificate Certificate)> toRecord,
        ICardRecordHook? hook,
        string actor,
        ProduceCardResult[] results,
        CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<int, string> refused;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            refused = hook is null
                ? new Dictionary<int, string>()
                : await hook.LockAsync([.. toRecord.Select(r => (r.Index, r.Card))], cancellationToken);
            var recorded = toRecord.Where(r => !refused.ContainsKey(r.Index)).ToList();
            if (recorded.Count > 0)
            {
                db.Cards.AddRange(recorded.Select(r => r.Card));
                await audit.AppendManyAsync(
                    db,
                    [.. recorded.Select(r => new AuditEvent(
                        actor,
                        AuditActions.CardProduced,
                        $"card:{r.Card.Serial}",
                        new { Certificate = r.Certificate.SerialHex, r.Card.TokenModel, Key = cards[r.Index].Order.Rsa ? "RSA-2048" : "EC-P256" }))],
                    cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                if (hook is not null)
                {
                    // Each state change's audit entry looks through the tracked entries; with a batch's applications
                    // tracked, detecting changes at every look would make a batch quadratic. Detected once, before saving.
                    db.ChangeTracker.AutoDetectChangesEnabled = false;
                    try
                    {
                        await hook.RecordAsync([.. recorded.Select(r => (r.Index, r.Card))], cancellationToken);
                        db.ChangeTracker.DetectChanges();
                    }
                    finally
                    {
                        db.ChangeTracker.AutoDetectChangesEnabled = true;
                    }

                    await db.SaveChangesAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (Exception)
        {
            // Nothing of the batch was recorded: no certificate may stay valid for a card the records do not know.
            db.ChangeTracker.Clear();
            foreach (var (index, _, _) in toRecord)
            {
                cards[index].Medium.Abandon();
            }

            await RevokeUnusedAsync([.. toRecord.Select(r => r.Certificate)], actor, CancellationToken.None);
            throw;
        }

        var revoke = new List<IssuedCertificate>();
        foreach (var (index, card, certificate) in toRecord)
        {
            if (refused.TryGetValue(index, out var refusalId))
            {
                cards[index].Medium.Abandon();
                revoke.Add(certificate);
                results[index] = new ProduceCardResult(ProduceCardOutcome.RecordRefused, null, null, RefusalId: refusalId);
            }
            else
            {
                results[index] = new ProduceCardResult(ProduceCardOutcome.Produced, card, certificate);
            }
        }

        if (revoke.Count > 0)
        {
            db.ChangeTracker.Clear();
            await RevokeUnusedAsync(revoke, actor, cancellationToken);
        }
    }

    /// <summary>
    /// A certificate issued for a card that was not completed is revoked at once, audited (RFC 5280 §5.3.1
    /// cessationOfOperation: it is no longer needed), so no valid certificate exists for a card the records do not know.
    /// </summary>
    private async Task RevokeUnusedAsync(IReadOnlyList<IssuedCertificate> certificates, string actor, CancellationToken cancellationToken)
    {
        foreach (var certificate in certificates)
        {
            await changeCertificateStatus.RunAsync(
                certificate.Serial, StatusChangeKind.Revoke, X509RevocationReason.CessationOfOperation, actor, cancellationToken);
        }
    }

    /// <summary>The session advisory lock of card production, released explicitly (a pooled connection keeps its session).</summary>
    private sealed class TokenGate(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<TokenGate?> TryTakeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = AdvisoryLocks.CardProduction } } };
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new TokenGate(connection);
            }

            await connection.DisposeAsync();
            return null;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = AdvisoryLocks.CardProduction } } };
                await release.ExecuteScalarAsync(CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
