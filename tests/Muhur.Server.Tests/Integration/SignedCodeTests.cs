using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Signatures;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-8, R-EONAY-1: a code signed with the holder's key is accepted once, only from a qualified
// certificate of ours that was good at signing time, only for its purpose and person.
public class SignedCodeTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Verify_GoodCadesBesSignature_IsAcceptedOnceAndAudited()
    {
        var (holder, _) = await HolderAsync("10000000146", "İmza Üniversitesi 1");
        var code = await CodeAsync(CodePurpose.Application, "basvuru-1", "10000000146");
        var signed = Sign(code.Code, holder);

        var first = await VerifyAsync(signed, CodePurpose.Application, "basvuru-1");
        var second = await VerifyAsync(signed, CodePurpose.Application, "basvuru-1");

        Assert.Equal(SignedCodeOutcome.Verified, first.Outcome);
        Assert.Equal(holder.SerialNumber, first.CertificateSerial);
        Assert.Equal(SignedCodeOutcome.CodeAlreadyUsed, second.Outcome);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'code.signed' AND subject = 'Application:basvuru-1'"));
        Assert.NotNull(await app.Database.ScalarAsync<DateTime?>("SELECT used_at FROM verification_codes WHERE code = $1", code.Code));
    }

    [Fact]
    public async Task Verify_ForAnotherPurposeOrReference_IsRefused()
    {
        var (holder, _) = await HolderAsync("12345678950", "İmza Üniversitesi 2");
        var code = await CodeAsync(CodePurpose.EOnayConsent, "onay-1", "12345678950");

        var result = await VerifyAsync(Sign(code.Code, holder), CodePurpose.Application, "onay-1");

        Assert.Equal(SignedCodeOutcome.WrongPurpose, result.Outcome);
    }

    [Fact]
    public async Task Verify_SignedByAnotherPersonsCard_IsRefused()
    {
        var (someoneElse, _) = await HolderAsync("11111111110", "İmza Üniversitesi 3");
        var code = await CodeAsync(CodePurpose.Application, "basvuru-3", "99000000042");

        var result = await VerifyAsync(Sign(code.Code, someoneElse), CodePurpose.Application, "basvuru-3");

        Assert.Equal(SignedCodeOutcome.WrongSigner, result.Outcome);
    }

    [Theory]
    [InlineData("Suspend", "Suspended")]
    [InlineData("Revoke", "Revoked")]
    public async Task Verify_CertificateSuspendedOrRevokedBeforeSigning_IsRefused(string change, string expected)
    {
        var (holder, issued) = await HolderAsync("10000000146", $"İmza Üniversitesi {change}");
        await CaTestSupport.ChangeAsync(app, issued.Serial, Enum.Parse<StatusChangeKind>(change), X509RevocationReason.KeyCompromise);
        var code = await CodeAsync(CodePurpose.OnlineOperation, $"islem-{change}", "10000000146");

        var result = await VerifyAsync(Sign(code.Code, holder), CodePurpose.OnlineOperation, $"islem-{change}");

        Assert.Equal(Enum.Parse<SignedCodeOutcome>(expected), result.Outcome);
    }

    [Fact]
    public async Task Verify_WithoutSigningCertificateV2_IsNotCadesBes()
    {
        var (holder, _) = await HolderAsync("12345678950", "İmza Üniversitesi 5");
        var code = await CodeAsync(CodePurpose.Application, "basvuru-5", "12345678950");

        var result = await VerifyAsync(Sign(code.Code, holder, includeSigningCertificate: false), CodePurpose.Application, "basvuru-5");

        Assert.Equal(SignedCodeOutcome.NoSigningCertificateV2, result.Outcome);
    }

    [Fact]
    public async Task Verify_SigningCertificateV2NamingAnotherCertificate_IsRefused()
    {
        var (holder, _) = await HolderAsync("11111111110", "İmza Üniversitesi 6");
        var (other, _) = await HolderAsync("11111111110", "İmza Üniversitesi 6b");
        var code = await CodeAsync(CodePurpose.Application, "basvuru-6", "11111111110");

        var result = await VerifyAsync(Sign(code.Code, holder, namedCertificate: other), CodePurpose.Application, "basvuru-6");

        Assert.Equal(SignedCodeOutcome.SigningCertificateMismatch, result.Outcome);
    }

    [Fact]
    public async Task Verify_CertificateNotIssuedByUs_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("C=TR, SERIALNUMBER=10000000146, CN=Sahte Kişi", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation, true));
        using var forged = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var code = await CodeAsync(CodePurpose.Application, "basvuru-7", "10000000146");

        var result = await VerifyAsync(Sign(code.Code, forged), CodePurpose.Application, "basvuru-7");

        Assert.Equal(SignedCodeOutcome.NotOurCertificate, result.Outcome);
    }

    [Fact]
    public async Task Verify_ExpiredUnknownTamperedOrGarbage_IsRefused()
    {
        var (holder, _) = await HolderAsync("99000000042", "İmza Üniversitesi 8");
        var expired = await CodeAsync(CodePurpose.Application, "basvuru-8", "99000000042");
        await app.Database.ExecuteAsync("UPDATE verification_codes SET issued_at = now() - interval '1 hour', expires_at = now() - interval '1 minute' WHERE code = $1", expired.Code);
        var tampered = Sign("ABCD-EFGH-JKMN", holder);
        var position = tampered.AsSpan().IndexOf("ABCD-EFGH-JKMN"u8);
        tampered[position] = (byte)'X';

        var expiredResult = await VerifyAsync(Sign(expired.Code, holder), CodePurpose.Application, "basvuru-8");
        var unknown = await VerifyAsync(Sign("ABCD-EFGH-JKMN", holder), CodePurpose.Application, "basvuru-8");
        var tamperedResult = await VerifyAsync(tampered, CodePurpose.Application, "basvuru-8");
        var garbage = await VerifyAsync([0x30, 0x03, 0x02, 0x01, 0x01], CodePurpose.Application, "basvuru-8");

        Assert.Equal(SignedCodeOutcome.CodeExpired, expiredResult.Outcome);
        Assert.Equal(SignedCodeOutcome.UnknownCode, unknown.Outcome);
        Assert.Equal(SignedCodeOutcome.SignatureInvalid, tamperedResult.Outcome);
        Assert.Equal(SignedCodeOutcome.Malformed, garbage.Outcome);
    }

    private Task<(X509Certificate2 Certificate, IssuedCertificate Issued)> HolderAsync(string nationalId, string institution) =>
        CadesTestSigner.HolderAsync(app, nationalId, institution);

    private async Task<VerificationCode> CodeAsync(CodePurpose purpose, string reference, string nationalId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IssueVerificationCode>().RunAsync(purpose, reference, nationalId, CancellationToken.None);
    }

    private async Task<SignedCodeResult> VerifyAsync(byte[] signed, CodePurpose purpose, string reference)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VerifySignedCode>().RunAsync(signed, purpose, reference, CancellationToken.None);
    }

    private static byte[] Sign(string code, X509Certificate2 signerCertificate, bool includeSigningCertificate = true, X509Certificate2? namedCertificate = null) =>
        CadesTestSigner.Sign(Encoding.UTF8.GetBytes(code), signerCertificate, includeSigningCertificate: includeSigningCertificate, namedCertificate: namedCertificate);
}
