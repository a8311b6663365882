using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Pki.Identity;
using Muhur.Pki.Names;
using Muhur.Pki.Profiles;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Npgsql;

namespace Muhur.Server.Features.Certificates;

/// <summary>
/// What a certificate is issued for: the holder's public key (generated on the card) and a person registered
/// at an institution (R-APP-1); the subject's names and identifier are read from that registration.
/// </summary>
internal sealed record IssueCertificateRequest(PublicKey PublicKey, Guid PersonId, Guid InstitutionId);

internal enum IssueOutcome
{
    Issued,

    /// <summary>R-REN-1: the holder has a certificate from this institution whose renewal window is not open yet.</summary>
    RenewalTooEarly,

    /// <summary>No such person is registered at that institution.</summary>
    NotRegistered,

    /// <summary>The registered identifier no longer passes validation (e.g. a passport country that is not ISO 3166).</summary>
    InvalidIdentifier,

    /// <summary>
    /// A name no certificate can carry within RFC 5280 Appendix A.1: the surname too long for a commonName of 64
    /// characters even with the given names as initials, or an institution over 64 characters.
    /// </summary>
    NameNotConforming,
}

internal sealed record IssueResult(IssueOutcome Outcome, IssuedCertificate? Certificate, DateTimeOffset? RenewalOpensAt);

/// <summary>
/// Issues qualified certificates (R-CA-1) and persists each with its DER, holder, institution and
/// status in the same transaction as its audit entry. Applies the renewal rule per holder and
/// institution: not earlier than the window before the previous certificate's notAfter (R-REN-1), and
/// starting exactly at it (R-REN-2). A batch decides all validity windows with one query, signs on
/// every core, and writes everything in one transaction.
/// </summary>
internal sealed class IssueCertificate(
    MuhurDbContext db,
    ActiveCertificateAuthority authority,
    AuditLog audit,
    IOptions<CaOptions> options,
    TimeProvider time)
{
    public async Task<IssueResult> RunAsync(IssueCertificateRequest request, string actor, CancellationToken cancellationToken) =>
        (await RunManyAsync([request], actor, cancellationToken))[0];

    /// <summary>Issues a batch in one transaction (card production runs, benchmarks).</summary>
    public async Task<IReadOnlyList<IssueResult>> RunManyAsync(
        IReadOnlyList<IssueCertificateRequest> requests, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var ca = await authority.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var results = new IssueResult?[requests.Count];

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Reads the registrations and locks them, so that two requests for the same holder at once cannot
        // both pass the renewal check; rows are locked in id order so that two batches cannot deadlock. NO KEY
        // UPDATE leaves the person referable (FOR KEY SHARE) by everything else meanwhile.
        var personIds = requests.Select(r => r.PersonId).Distinct().ToArray();
        var holders = (await db.Database.SqlQuery<Holder>($"""
            SELECT p.id AS "PersonId", p.institution_id AS "InstitutionId", p.identifier_kind AS "IdentifierKind",
                   p.identifier_number AS "IdentifierNumber", p.identifier_country AS "IdentifierCountry",
                   p.given_name AS "GivenName", p.surname AS "Surname", i.name AS "InstitutionName"
            FROM people p JOIN institutions i ON i.id = p.institution_id
            WHERE p.id = ANY({personIds})
            ORDER BY p.id
            FOR NO KEY UPDATE OF p
            """).ToListAsync(cancellationToken)).ToDictionary(h => h.PersonId);
        var previousNotAfter = await PreviousNotAfterAsync(personIds, cancellationToken);

        // Decide every validity window before signing; a later request for the same holder in this
        // batch is a renewal of the earlier one.
        var toSign = new List<(int Index, Holder Holder, PersonIdentifier Identifier, DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[] Serial)>(requests.Count);
        var windowMonths = options.Value.RenewalWindowMonths;
        var validityYears = options.Value.CertificateValidityYears;
        for (var i = 0; i < requests.Count; i++)
        {
            if (!holders.TryGetValue(requests[i].PersonId, out var holder) || holder.InstitutionId != requests[i].InstitutionId)
            {
                results[i] = new IssueResult(IssueOutcome.NotRegistered, null, null);
                continue;
            }

            if (holder.ParseIdentifier() is not { } identifier)
            {
                results[i] = new IssueResult(IssueOutcome.InvalidIdentifier, null, null);
                continue;
            }

            // RFC 5280 Appendix A: a name no certificate can carry is refused before anything is signed.
            if (!HolderNamesConform(holder.GivenName, holder.Surname, holder.InstitutionName))
            {
                results[i] = new IssueResult(IssueOutcome.NameNotConforming, null, null);
                continue;
            }

            var key = (holder.PersonId, holder.InstitutionId);
            var notBefore = now;
            if (previousNotAfter.TryGetValue(key, out var notAfter))
            {
                var decision = RenewalWindow.Evaluate(notAfter, now, windowMonths);
                if (!decision.IsAllowed)
                {
                    results[i] = new IssueResult(IssueOutcome.RenewalTooEarly, null, decision.WindowOpensAt);
                    continue;
                }

                notBefore = decision.NewNotBefore!.Value;
            }

            // X.509 validity has whole seconds (RFC 5280 §4.1.2.5); the issuer truncates the same way.
            notBefore = new DateTimeOffset(notBefore.UtcTicks - (notBefore.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var newNotAfter = notBefore.AddYears(validityYears);
            toSign.Add((i, holder, identifier, notBefore, newNotAfter, Pki.Authority.SerialNumber.Generate()));
            previousNotAfter[key] = newNotAfter;
        }

        // Signing is the costly part (ECDSA P-384); the issuing key object is shared read-only.
        var signed = new byte[toSign.Count][];
        Parallel.For(0, toSign.Count, new ParallelOptions { CancellationToken = cancellationToken }, n =>
        {
            var (index, holder, identifier, notBefore, _, serial) = toSign[n];
            signed[n] = ca.Issuer.Issue(new QualifiedCertificateRequest
            {
                SubjectPublicKey = requests[index].PublicKey,
                Identifier = identifier,
                GivenName = holder.GivenName,
                Surname = holder.Surname,
                Institution = holder.InstitutionName,
                NotBefore = notBefore,
                ValidityYears = validityYears,
                SerialNumber = serial,
            });
        });

        if (toSign.Count > 0)
        {
            var events = toSign.Select(t => new AuditEvent(
                actor,
                AuditActions.CertificateIssued,
                $"certificate:{Convert.ToHexString(t.Serial)}",
                new { t.NotBefore, t.NotAfter, Person = t.Holder.PersonId, Institution = t.Holder.InstitutionId })).ToList();
            await audit.AppendManyAsync(db, events, cancellationToken);

            // Last, so the epoch row that orders OCSP-visible changes is held only until the commit below.
            var epoch = await StatusEpochStamp.NextAsync(db, cancellationToken);
            for (var n = 0; n < toSign.Count; n++)
            {
                var (index, holder, _, notBefore, notAfter, serial) = toSign[n];
                var certificate = IssuedCertificate.Create(
                    signed[n], serial, notBefore, notAfter, ca.IssuingRow.Id, holder.PersonId, holder.InstitutionId, epoch, now);
                db.Certificates.Add(certificate);
                results[index] = new IssueResult(IssueOutcome.Issued, certificate, null);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "certificates_pkey" })
            {
                // Two 127-bit random serials colliding is not a case to recover from silently.
                throw new InvalidOperationException("Serial number collision; nothing was issued.", ex);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return results!;
    }

    /// <summary>
    /// When a certificate for this holder and institution would be refused as too early a renewal
    /// (R-REN-1), the moment the window opens; otherwise null. Lets card production refuse before it
    /// touches a card.
    /// </summary>
    public async Task<DateTimeOffset?> RenewalOpensLaterAsync(Guid personId, Guid institutionId, CancellationToken cancellationToken) =>
        (await RenewalOpensLaterAsync([(personId, institutionId)], cancellationToken)).GetValueOrDefault((personId, institutionId));

    /// <summary>The same for many holders with one query: only those refused appear, with the moment their window opens.</summary>
    public async Task<IReadOnlyDictionary<(Guid PersonId, Guid InstitutionId), DateTimeOffset?>> RenewalOpensLaterAsync(
        IReadOnlyCollection<(Guid PersonId, Guid InstitutionId)> holders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holders);
        var previous = await PreviousNotAfterAsync([.. holders.Select(h => h.PersonId).Distinct()], cancellationToken);
        var now = time.GetUtcNow();
        var refused = new Dictionary<(Guid, Guid), DateTimeOffset?>();
        foreach (var holder in holders)
        {
            if (previous.TryGetValue(holder, out var notAfter)
                && RenewalWindow.Evaluate(notAfter, now, options.Value.RenewalWindowMonths) is { IsAllowed: false } decision)
            {
                refused[holder] = decision.WindowOpensAt;
            }
        }

        return refused;
    }

    /// <summary>Whether the registered names fit a certificate (<see cref="QualifiedCertificateIssuer.EnsureHolderNamesConform"/>).</summary>
    public static bool HolderNamesConform(string givenName, string surname, string? institution)
    {
        try
        {
            QualifiedCertificateIssuer.EnsureHolderNamesConform(givenName, surname, institution);
            return true;
        }
        catch (NonConformingNameException)
        {
            return false;
        }
    }

    /// <summary>The latest notAfter of each holder's certificates per institution that are not revoked (R-REN-1).</summary>
    private async Task<Dictionary<(Guid PersonId, Guid InstitutionId), DateTimeOffset>> PreviousNotAfterAsync(Guid[] personIds, CancellationToken cancellationToken)
    {
        var rows = await db.Certificates
            .Where(c => personIds.Contains(c.PersonId) && c.Status != CertificateStatus.Revoked)
            .GroupBy(c => new { c.PersonId, c.InstitutionId })
            .Select(g => new { g.Key.PersonId, g.Key.InstitutionId, NotAfter = g.Max(c => c.NotAfter) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.PersonId, r.InstitutionId), r => r.NotAfter);
    }

    /// <summary>A registration as the subject is built from it.</summary>
    private sealed record Holder(
        Guid PersonId,
        Guid InstitutionId,
        string IdentifierKind,
        string IdentifierNumber,
        string IdentifierCountry,
        string GivenName,
        string Surname,
        string InstitutionName)
    {
        /// <summary>The identifier validated again as it goes into the certificate; null when it no longer passes.</summary>
        public PersonIdentifier? ParseIdentifier()
        {
            if (!Enum.TryParse<PersonIdentifierKind>(IdentifierKind, out var kind))
            {
                return null;
            }

            PersonIdentifier? parsed;
            var valid = kind == PersonIdentifierKind.Passport
                ? PersonIdentifier.TryParsePassport(IdentifierNumber, IdentifierCountry, out parsed, out _)
                : PersonIdentifier.TryParseNational(IdentifierNumber, out parsed, out _);
            return valid && parsed!.Kind == kind ? parsed : null;
        }
    }
}
