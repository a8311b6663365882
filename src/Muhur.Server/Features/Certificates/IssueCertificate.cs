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

/// <summary>What a certificate is issued for: the holder's public key (generated on the card) and identity.</summary>
internal sealed record IssueCertificateRequest(
    PublicKey PublicKey,
    string NationalId,
    string GivenName,
    string Surname,
    string? Institution,
    Guid? PersonId = null);

internal enum IssueOutcome
{
    Issued,

    /// <summary>R-REN-1: the holder has a certificate from this institution whose renewal window is not open yet.</summary>
    RenewalTooEarly,

    /// <summary>The national ID is not a valid T.C. Kimlik No or foreigner's number.</summary>
    InvalidNationalId,

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
        var valid = new List<int>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            if (PersonIdentifier.TryParseNational(requests[i].NationalId, out _, out _))
            {
                valid.Add(i);
            }
            else
            {
                results[i] = new IssueResult(IssueOutcome.InvalidNationalId, null, null);
            }
        }

        // RFC 5280 Appendix A: a name no certificate can carry is refused before anything is signed.
        valid.RemoveAll(i =>
        {
            if (HolderNamesConform(requests[i]))
            {
                return false;
            }

            results[i] = new IssueResult(IssueOutcome.NameNotConforming, null, null);
            return true;
        });

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Serialise issuance per holder and institution, so that two requests at once cannot both pass
        // the renewal check; locks are taken in sorted order so that two batches cannot deadlock.
        var holderKeys = valid.Select(i => HolderKey(requests[i])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await db.Database.ExecuteSqlAsync(
            $"SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest({holderKeys}) AS k ORDER BY 1) AS keys",
            cancellationToken);
        var previousNotAfter = await PreviousNotAfterAsync(holderKeys, cancellationToken);

        // Decide every validity window before signing; a later request for the same holder in this
        // batch is a renewal of the earlier one.
        var toSign = new List<(int Index, DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[] Serial)>(valid.Count);
        var windowMonths = options.Value.RenewalWindowMonths;
        var validityYears = options.Value.CertificateValidityYears;
        foreach (var i in valid)
        {
            var key = HolderKey(requests[i]);
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
            toSign.Add((i, notBefore, newNotAfter, Pki.Authority.SerialNumber.Generate()));
            previousNotAfter[key] = newNotAfter;
        }

        // Signing is the costly part (ECDSA P-384); the issuing key object is shared read-only.
        var signed = new byte[toSign.Count][];
        Parallel.For(0, toSign.Count, new ParallelOptions { CancellationToken = cancellationToken }, n =>
        {
            var (index, notBefore, _, serial) = toSign[n];
            var request = requests[index];
            signed[n] = ca.Issuer.Issue(new QualifiedCertificateRequest
            {
                SubjectPublicKey = request.PublicKey,
                NationalId = request.NationalId,
                GivenName = request.GivenName,
                Surname = request.Surname,
                Institution = request.Institution,
                NotBefore = notBefore,
                ValidityYears = validityYears,
                SerialNumber = serial,
            });
        });

        if (toSign.Count > 0)
        {
            var events = toSign.Select(t => new AuditEvent(
                actor,
                "certificate.issued",
                $"certificate:{Convert.ToHexString(t.Serial)}",
                new { t.NotBefore, t.NotAfter, requests[t.Index].Institution })).ToList();
            await audit.AppendManyAsync(db, events, cancellationToken);

            // Last, so the epoch row that orders OCSP-visible changes is held only until the commit below.
            var epoch = await StatusEpochStamp.NextAsync(db, cancellationToken);
            for (var n = 0; n < toSign.Count; n++)
            {
                var (index, notBefore, notAfter, serial) = toSign[n];
                var request = requests[index];
                var certificate = IssuedCertificate.Create(
                    signed[n], serial, notBefore, notAfter, ca.IssuingRow.Id, request.PersonId, request.NationalId,
                    request.GivenName, request.Surname, request.Institution, epoch, now);
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
    public async Task<DateTimeOffset?> RenewalOpensLaterAsync(string nationalId, string? institution, CancellationToken cancellationToken)
    {
        var key = $"{nationalId}|{institution}";
        var previous = await PreviousNotAfterAsync([key], cancellationToken);
        if (!previous.TryGetValue(key, out var notAfter))
        {
            return null;
        }

        var decision = RenewalWindow.Evaluate(notAfter, time.GetUtcNow(), options.Value.RenewalWindowMonths);
        return decision.IsAllowed ? null : decision.WindowOpensAt;
    }

    private static bool HolderNamesConform(IssueCertificateRequest request)
    {
        try
        {
            QualifiedCertificateIssuer.EnsureHolderNamesConform(request.GivenName, request.Surname, request.Institution);
            return true;
        }
        catch (NonConformingNameException)
        {
            return false;
        }
    }

    private static string HolderKey(IssueCertificateRequest request) => $"{request.NationalId}|{request.Institution}";

    /// <summary>The latest notAfter of each holder's certificates from the same institution that are not revoked.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> PreviousNotAfterAsync(string[] holderKeys, CancellationToken cancellationToken)
    {
        var nationalIds = holderKeys.Select(k => k[..k.IndexOf('|', StringComparison.Ordinal)]).ToArray();
        var institutions = holderKeys.Select(k => k[(k.IndexOf('|', StringComparison.Ordinal) + 1)..]).ToArray();
        var rows = await db.Database.SqlQuery<PreviousCertificate>($"""
            SELECT h.national_id || '|' || h.institution AS "HolderKey", max(c.not_after) AS "NotAfter"
            FROM unnest({nationalIds}, {institutions}) AS h (national_id, institution)
            JOIN certificates c ON c.national_id = h.national_id AND coalesce(c.institution, '') = h.institution
            WHERE c.status <> 'Revoked'
            GROUP BY 1
            """).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.HolderKey, r => r.NotAfter, StringComparer.Ordinal);
    }

    private sealed record PreviousCertificate(string HolderKey, DateTimeOffset NotAfter);
}
