using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Pki.Authority;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.CertificateAuthority;

internal sealed record CaInitializationResult(bool CreatedRoot, bool CreatedIssuing, bool CreatedResponder);

/// <summary>
/// Creates what is missing of the hierarchy (R-CA-1): the root CA, the issuing CA for qualified
/// certificates under it, and a delegated OCSP responder (RFC 6960 §4.2.2.2); and replaces the
/// responder before it expires. Idempotent and safe on several nodes at once: it works under an
/// advisory lock and creates nothing that exists.
/// </summary>
internal sealed class InitializeCertificateAuthority(
    MuhurDbContext db,
    ICaKeyStore keyStore,
    AuditLog audit,
    ActiveCertificateAuthority authority,
    IOptions<CaOptions> options,
    TimeProvider time)
{
    public async Task<CaInitializationResult> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.CaInitialization})", cancellationToken);
        var active = await db.CaCertificates.Where(c => c.IsActive).ToListAsync(cancellationToken);
        var root = active.SingleOrDefault(c => c.Role == CaRole.Root);
        var issuing = active.SingleOrDefault(c => c.Role == CaRole.Issuing);
        var responder = active.SingleOrDefault(c => c.Role == CaRole.OcspResponder);
        var result = new CaInitializationResult(root is null, issuing is null, responder is null || IsResponderDue(responder, now));

        var stamp = now.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        if (root is null)
        {
            var rootKey = CreateOrLoad($"root-{stamp}", settings.Algorithm);
            var rootCertificate = CaCertificateFactory.CreateRoot(rootKey, new RootCaSettings(), now);
            root = CaCertificate.From(CaRole.Root, rootKey.Name, rootCertificate, now);
            db.CaCertificates.Add(root);
            await audit.AppendAsync(db, "system:ca", AuditActions.CaRootCreated, $"ca:{root.Id}", new { root.Subject, Algorithm = settings.Algorithm.ToString() }, cancellationToken);
        }

        if (issuing is null)
        {
            var rootCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(root.Der);
            var issuingKey = CreateOrLoad($"issuing-{stamp}", settings.Algorithm);
            var issuingCertificate = CaCertificateFactory.CreateIssuing(
                keyStore.GetKey(root.KeyName),
                rootCertificate,
                issuingKey.PublicKey,
                new IssuingCaSettings { RootCrlUrl = settings.RootCrlUrl, RootCertificateUrl = settings.RootCertificateUrl },
                now);
            issuing = CaCertificate.From(CaRole.Issuing, issuingKey.Name, issuingCertificate, now);
            db.CaCertificates.Add(issuing);
            await audit.AppendAsync(db, "system:ca", AuditActions.CaIssuingCreated, $"ca:{issuing.Id}", new { issuing.Subject }, cancellationToken);
        }

        if (result.CreatedResponder)
        {
            responder?.Retire();
            var issuingCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(issuing.Der);
            var responderKey = CreateOrLoad($"ocsp-{stamp}", CaKeyAlgorithm.EcdsaP256);
            var responderCertificate = CaCertificateFactory.CreateOcspResponder(
                keyStore.GetKey(issuing.KeyName),
                issuingCertificate,
                responderKey.PublicKey,
                new OcspResponderSettings { Validity = settings.OcspResponderValidity },
                now);
            // Retire first, then add: the partial unique index allows one active responder.
            await db.SaveChangesAsync(cancellationToken);
            var newResponder = CaCertificate.From(CaRole.OcspResponder, responderKey.Name, responderCertificate, now);
            db.CaCertificates.Add(newResponder);
            await audit.AppendAsync(db, "system:ca", responder is null ? AuditActions.CaOcspResponderCreated : AuditActions.CaOcspResponderRotated, $"ca:{newResponder.Id}", new { NotAfter = responderCertificate.NotAfter.ToUniversalTime() }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        authority.Invalidate();
        return result;
    }

    private bool IsResponderDue(CaCertificate responder, DateTimeOffset now) =>
        responder.NotAfter - options.Value.OcspResponderRenewBefore <= now;

    // Keys are written by the key store outside this transaction; a key whose certificate never
    // committed is unreferenced and never used.
    private CaSigningKey CreateOrLoad(string name, CaKeyAlgorithm algorithm) =>
        keyStore.Contains(name) ? keyStore.GetKey(name) : keyStore.CreateKey(name, algorithm);
}
