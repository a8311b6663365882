using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Pki.Authority;
using Muhur.Pki.Profiles;
using Muhur.Server.Data;

namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>The active CA certificates with their signing handles, as one consistent snapshot.</summary>
internal sealed record CaSnapshot(
    CaCertificate RootRow,
    X509Certificate2 Root,
    CaSigningKey RootKey,
    CaCertificate IssuingRow,
    X509Certificate2 Issuing,
    CaSigningKey IssuingKey,
    CaCertificate ResponderRow,
    X509Certificate2 Responder,
    CaSigningKey ResponderKey,
    QualifiedCertificateIssuer Issuer);

/// <summary>
/// The running CA of this node: loads the active certificates from the database and their keys from
/// the key store, and reloads when another node (or the command line) has rotated a certificate.
/// </summary>
internal sealed class ActiveCertificateAuthority(
    IServiceScopeFactory scopes,
    ICaKeyStore keyStore,
    IOptions<CaOptions> options,
    TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CaSnapshot? _snapshot;
    private DateTimeOffset _checkedAt;

    /// <summary>The current snapshot; rechecks the database for rotations at most every 30 seconds.</summary>
    public async ValueTask<CaSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && time.GetUtcNow() - _checkedAt < RecheckInterval)
        {
            return snapshot;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is not null && time.GetUtcNow() - _checkedAt < RecheckInterval)
            {
                return _snapshot;
            }

            _snapshot = await LoadAsync(_snapshot, cancellationToken);
            _checkedAt = time.GetUtcNow();
            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the snapshot so the next use reloads it (after this node rotated something).</summary>
    public void Invalidate() => _checkedAt = DateTimeOffset.MinValue;

    public void Dispose() => _gate.Dispose();

    private async Task<CaSnapshot> LoadAsync(CaSnapshot? previous, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var active = await db.CaCertificates.AsNoTracking().Where(c => c.IsActive).ToListAsync(cancellationToken);
        var root = active.SingleOrDefault(c => c.Role == CaRole.Root);
        var issuing = active.SingleOrDefault(c => c.Role == CaRole.Issuing);
        var responder = active.SingleOrDefault(c => c.Role == CaRole.OcspResponder);
        if (root is null || issuing is null || responder is null)
        {
            throw new CertificateAuthorityNotInitializedException();
        }

        if (previous is not null && previous.RootRow.Id == root.Id && previous.IssuingRow.Id == issuing.Id && previous.ResponderRow.Id == responder.Id)
        {
            return previous;
        }

        var issuingCertificate = X509CertificateLoader.LoadCertificate(issuing.Der);
        var issuingKey = keyStore.GetKey(issuing.KeyName);
        return new CaSnapshot(
            root,
            X509CertificateLoader.LoadCertificate(root.Der),
            keyStore.GetKey(root.KeyName),
            issuing,
            issuingCertificate,
            issuingKey,
            responder,
            X509CertificateLoader.LoadCertificate(responder.Der),
            keyStore.GetKey(responder.KeyName),
            new QualifiedCertificateIssuer(issuingKey, issuingCertificate, options.Value.Profile));
    }
}

/// <summary>The CA has no root, issuing CA or OCSP responder yet: run <c>./muhur ca init</c> or start the server.</summary>
internal sealed class CertificateAuthorityNotInitializedException()
    : Exception("The certificate authority is not initialised: run './muhur ca init'.");
