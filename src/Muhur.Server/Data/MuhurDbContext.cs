using System.Text;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Cards;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Institutions;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Signatures;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Data;

/// <summary>
/// The one EF Core context. The schema is owned by the SQL migrations; the mappings here follow it.
/// Entity configurations live beside their feature and are picked up from this assembly. Institution-owned rows
/// are filtered here, once, by the <see cref="InstitutionScope"/> (R-X-4), not in each query.
/// </summary>
internal sealed class MuhurDbContext(DbContextOptions<MuhurDbContext> options, InstitutionScope institutionScope) : DbContext(options)
{
    /// <summary>Read by the query filters at each query (EF Core parameterises a context member), null for all.</summary>
    private Guid? VisibleInstitution => institutionScope.InstitutionId;

    public DbSet<Institution> Institutions => Set<Institution>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Position> Positions => Set<Position>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<CaCertificate> CaCertificates => Set<CaCertificate>();

    public DbSet<IssuedCertificate> Certificates => Set<IssuedCertificate>();

    public DbSet<CertificateStatusChange> CertificateStatusChanges => Set<CertificateStatusChange>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<VerificationCode> VerificationCodes => Set<VerificationCode>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: the SQL CHECK constraints list the names, and a reordered enum
        // cannot silently change stored meaning.
        configurationBuilder.Properties<PositionCategory>().HaveConversion<string>();
        configurationBuilder.Properties<Pki.Identity.PersonIdentifierKind>().HaveConversion<string>();
        configurationBuilder.Properties<StaffRole>().HaveConversion<string>();
        configurationBuilder.Properties<MessageChannel>().HaveConversion<string>();
        configurationBuilder.Properties<MessageStatus>().HaveConversion<string>();
        configurationBuilder.Properties<CaRole>().HaveConversion<string>();
        configurationBuilder.Properties<CertificateStatus>().HaveConversion<string>();
        configurationBuilder.Properties<CodePurpose>().HaveConversion<string>();
        configurationBuilder.Properties<ApplicationKind>().HaveConversion<string>();
        configurationBuilder.Properties<PaymentMode>().HaveConversion<string>();
        configurationBuilder.Properties<EligibilityReason>().HaveConversion<string>();
        configurationBuilder.Properties<SigningMethod>().HaveConversion<string>();
        configurationBuilder.Properties<ApplicationState>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MuhurDbContext).Assembly);

        // R-X-4: an institution authority sees only their institution's rows; with no institution in scope the
        // filters fold to true (EF Core simplifies a null parameter), so other callers pay nothing.
        modelBuilder.Entity<Institution>().HasQueryFilter(i => VisibleInstitution == null || i.Id == VisibleInstitution);
        modelBuilder.Entity<Unit>().HasQueryFilter(u => VisibleInstitution == null || u.InstitutionId == VisibleInstitution);
        modelBuilder.Entity<Position>().HasQueryFilter(p => VisibleInstitution == null || p.InstitutionId == VisibleInstitution);
        modelBuilder.Entity<Person>().HasQueryFilter(p => VisibleInstitution == null || p.InstitutionId == VisibleInstitution);
        modelBuilder.Entity<IssuedCertificate>().HasQueryFilter(c => VisibleInstitution == null || c.InstitutionId == VisibleInstitution);
        modelBuilder.Entity<Card>().HasQueryFilter(c => VisibleInstitution == null || c.InstitutionId == VisibleInstitution);
        modelBuilder.Entity<Application>().HasQueryFilter(a => VisibleInstitution == null || a.InstitutionId == VisibleInstitution);
        modelBuilder.Entity<InstitutionMailDomain>().HasQueryFilter(d => VisibleInstitution == null || d.InstitutionId == VisibleInstitution);
        modelBuilder.Entity<Features.Forwarding.ForwardingBatch>().HasQueryFilter(b => VisibleInstitution == null || b.InstitutionId == VisibleInstitution);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
