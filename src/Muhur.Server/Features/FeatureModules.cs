using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.ApplicationSigning;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CallCentre;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Features.CardProduction;
using Muhur.Server.Features.Cards;
using Muhur.Server.Features.CentreDecision;
using Muhur.Server.Features.CentreIncoming;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Demo;
using Muhur.Server.Features.Forwarding;
using Muhur.Server.Features.Health;
using Muhur.Server.Features.InstitutionApplications;
using Muhur.Server.Features.Institutions;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.Ocsp;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Revocation;
using Muhur.Server.Features.Shipments;
using Muhur.Server.Features.Signatures;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Features;

/// <summary>
/// The one list of feature modules: the server (Program.cs) and the benchmark (bench/Muhur.Bench) compose the
/// same services from it. A feature folder with services or endpoints has its own <c>XModule</c> with
/// <c>AddX</c> (its action classes, options and jobs) and, where it serves endpoints other than Razor pages,
/// <c>MapX</c>; folders with only pages need none (Razor Pages finds them).
/// </summary>
internal static class FeatureModules
{
    public static IServiceCollection AddFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddData();
        services.AddInstitutions();
        services.AddAudit();
        services.AddCertificateAuthority(configuration);
        services.AddCertificates();
        services.AddRevocation();
        services.AddOcsp(configuration);
        services.AddCards(configuration);
        services.AddSignatures();
        services.AddStaff();
        services.AddPeople();
        services.AddMessaging(configuration);
        services.AddDemo();
        services.AddHealth();
        services.AddCaptcha();
        services.AddApplications();
        services.AddApplicantLogin(configuration);
        services.AddInstitutionApplications();
        services.AddApplicationForm();
        services.AddApplicationSigning();
        services.AddCentreDecision();
        services.AddForwarding();
        services.AddCentreIncoming();
        services.AddCardProduction();
        services.AddCallCentre();
        services.AddShipments(configuration);
        return services;
    }

    /// <summary>The features' endpoints other than Razor pages (those are mapped with the portal policies in Program.cs).</summary>
    public static IEndpointRouteBuilder MapFeatures(this IEndpointRouteBuilder app)
    {
        app.MapHealth();
        app.MapRevocation();
        app.MapOcsp();
        app.MapCaptcha();
        app.MapApplicationSigning();
        return app;
    }
}
