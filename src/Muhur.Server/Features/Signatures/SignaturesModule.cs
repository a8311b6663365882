namespace Muhur.Server.Features.Signatures;

/// <summary>Verification codes signed with the card (R-APP-8, R-EONAY-1) and uploaded-document verification (R-CARD-5).</summary>
internal static class SignaturesModule
{
    public static IServiceCollection AddSignatures(this IServiceCollection services)
    {
        services.AddScoped<IssueVerificationCode>();
        services.AddScoped<VerifySignedCode>();
        services.AddScoped<VerifyDocumentSignature>();
        return services;
    }
}
