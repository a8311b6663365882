using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Tests.Infrastructure;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Browser;

// Issue 11 end to end, in Chromium against the real server on a loopback port, with the demo data: the institution
// registers a person (R-APP-1), the applicant logs in, fills in and approves the form and prints the wet-signed form
// (R-APP-2 … R-APP-7), the institution marks it received by its barcode and forwards it with a cover letter that
// pdftotext reads (R-APP-9), the centre receives it by barcode and approves it (R-APP-10), produces the card on a
// SoftHSM2 token (R-CARD-1), ships and delivers it (R-APP-10, item 5); the holder's notices are in the outbox
// (item 8); the real muhur-imza lists the new certificate on the card and `openssl ocsp` says good.
[Collection(SoftHsmTokenStores.Name)]
public class ApplicationJourneyBrowserTests(SoftHsmKestrelFactory app) : ChromiumTest, IClassFixture<SoftHsmKestrelFactory>
{
    [Fact]
    public async Task Journey_FromRegistrationToDeliveredCard_CardWorksAndOcspSaysGood()
    {
        // Arrange
        var identifier = Support.NewTurkishIdentityNumber();
        const string Email = "deniz.karaca@ornek.edu.tr";
        var staff = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        var authority = await staff.NewPageAsync();

        // Act 1: the institution authority registers Deniz Karaca and opens the application.
        await StaffLogInAsync(authority, "kurum.yetkili", "Kurum.Yetkili-2026", "**/kurum");
        await authority.GotoAsync(app.BaseAddress + "/kurum/basvurular/yeni");
        await authority.GetByLabel("Kimlik numarası").FillAsync(identifier);
        await authority.GetByLabel("Ad", new() { Exact = true }).FillAsync("Deniz");
        await authority.GetByLabel("Soyad", new() { Exact = true }).FillAsync("Karaca");
        await authority.GetByLabel("Görev", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Dekan — kurum öder" });
        await authority.GetByLabel("Kurumsal e-posta").FillAsync(Email);
        await authority.GetByLabel("Cep telefonu").FillAsync("0532 111 22 33");
        await authority.GetByRole(AriaRole.Button, new() { Name = "Kaydet ve başvuruyu aç" }).ClickAsync();
        await authority.GetByText("Erişim parolası gönderildi").First.WaitForAsync();
        var password = InstitutionApplicationSupport.PasswordIn(await LatestMailBodyAsync(Email, "erişim parolanız"));

        // Act 2: the applicant, in a browser of their own: login, form, SMS, the wet-signed form.
        var applicantContext = await Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var applicant = await applicantContext.NewPageAsync();
        await ApplicantBrowser.LogInAsync(applicant, app, app.BaseAddress, identifier, password);
        await applicant.WaitForURLAsync("**/basvuru");
        await applicant.GotoAsync(app.BaseAddress + "/basvuru/form");
        await applicant.GetByLabel("Cep telefonu").FillAsync("0532 111 22 33");
        await applicant.GetByLabel("İl", new() { Exact = true }).SelectOptionAsync("6");
        await applicant.GetByLabel("İlçe", new() { Exact = true }).FillAsync("Çankaya");
        await applicant.GetByLabel("Açık adres").FillAsync("Gümüşsuyu Mah. Işık Sok. No: 7/3");
        await applicant.GetByLabel("Posta kodu").FillAsync("06420");
        await applicant.GetByLabel("Güvenlik sözcüğü", new() { Exact = true }).FillAsync(Support.Word);
        await applicant.GetByLabel("Güvenlik sözcüğü (tekrar)").FillAsync(Support.Word);
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Formu Onayla" }).ClickAsync();
        await applicant.WaitForURLAsync("**/basvuru/sms-onay");
        await applicant.GetByLabel("Onay kodu").FillAsync(await Support.LatestSmsCodeAsync(app, "+905321112233"));
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Onayla", Exact = true }).ClickAsync();
        await applicant.WaitForURLAsync("**/basvuru/imza-yontemi");
        await applicant.GotoAsync(app.BaseAddress + "/basvuru/islak-imza");
        await applicant.GetByLabel("Güvenlik sözcüğü").FillAsync(Support.Word);
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Formu Oluştur" }).ClickAsync();
        var download = await applicant.RunAndWaitForDownloadAsync(() => applicant.GetByRole(AriaRole.Link, new() { Name = "Formu indir (PDF)" }).ClickAsync());
        var (_, barcode) = await Support.ReadPdfAsync(await File.ReadAllBytesAsync(await download.PathAsync()));
        var formNumber = barcode["CODE-128:".Length..];

        // Act 3: the signed paper reaches the authority, who scans it, makes the cover letter and sends the batch.
        await authority.GotoAsync(app.BaseAddress + "/kurum/evrak");
        await authority.Keyboard.TypeAsync(formNumber);
        await authority.Keyboard.PressAsync("Enter");
        await authority.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "teslim alındı" }).WaitForAsync();
        await authority.GetByLabel("İmzalayanın unvanı").FillAsync("Genel Sekreter");
        await authority.GetByRole(AriaRole.Button, new() { Name = "Üst yazıyı oluştur" }).ClickAsync();
        await authority.WaitForURLAsync("**/kurum/evrak/gonderiler/*-*");
        var batchPath = new Uri(authority.Url).AbsolutePath;
        var letter = await authority.Context.APIRequest.GetAsync(authority.Url + "/ust-yazi.pdf");
        var letterText = await PdfTextAsync(await letter.BodyAsync());
        await authority.GetByLabel("Kargo / iadeli taahhütlü numarası").FillAsync("RR123456785TR");
        await authority.GetByRole(AriaRole.Button, new() { Name = "Gönderildi olarak işaretle" }).ClickAsync();
        await authority.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Parti gönderildi" }).WaitForAsync();

        // Act 4: the centre's officer receives the envelope by barcode and approves the application.
        var officerContext = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        var officer = await officerContext.NewPageAsync();
        await StaffLogInAsync(officer, "merkez.operator", "Merkez.Operator-2026", "**/merkez");
        await officer.GotoAsync(app.BaseAddress + batchPath.Replace("/kurum/evrak/gonderiler", "/merkez/gelen-evrak", StringComparison.Ordinal));
        await officer.Keyboard.TypeAsync(formNumber);
        await officer.Keyboard.PressAsync("Enter");
        await officer.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "başvuru merkezde" }).WaitForAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "Teslim almayı bitir" }).ClickAsync();
        await officer.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Teslim alma tamamlandı" }).WaitForAsync();
        var applicationId = await ApplicationIdAsync(identifier);
        await officer.GotoAsync(app.BaseAddress + "/merkez/basvurular");
        await officer.GetByRole(AriaRole.Link, new() { Name = "Deniz Karaca" }).First.ClickAsync();
        await officer.WaitForURLAsync($"**/merkez/basvurular/{applicationId}");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Onayla", Exact = true }).ClickAsync();
        await officer.GetByRole(AriaRole.Status).First.WaitForAsync();

        // Act 5: the card on a blank SoftHSM2 token, then the courier.
        await officer.GotoAsync(app.BaseAddress + "/merkez/uretim");
        await officer.GetByRole(AriaRole.Checkbox, new() { Name = "Deniz Karaca" }).CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "Kart üret" }).ClickAsync();
        await WaitForStateAsync(applicationId, ApplicationState.CardProduced);
        await officer.GotoAsync(app.BaseAddress + "/merkez/kargo");
        await officer.GetByRole(AriaRole.Listitem).Filter(new() { HasTextString = "Deniz Karaca" })
            .GetByRole(AriaRole.Button, new() { Name = "Kargoya ver" }).ClickAsync();
        await officer.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Kart kargoya verildi" }).WaitForAsync();
        var tracking = await ScalarAsync<string>($"SELECT tracking_number AS \"Value\" FROM shipments WHERE application_id = {applicationId}");
        await officer.GetByRole(AriaRole.Button, new() { Name = $"{tracking} numaralı gönderi teslim edildi" }).ClickAsync();
        await WaitForStateAsync(applicationId, ApplicationState.Delivered);

        // Act 6: the holder's card in the real muhur-imza, and the certificate's status from the real OpenSSL.
        var cardSerial = await ScalarAsync<string>($"SELECT card_serial AS \"Value\" FROM applications WHERE id = {applicationId}");
        var list = await Tool.RunAsync(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "muhur-imza.dll"), "--module", SoftHsmKestrelFactory.ModulePath, "list"],
            new Dictionary<string, string> { ["SOFTHSM2_CONF"] = app.ConfigPath });
        var chain = await CaTestSupport.WriteChainAsync(app);
        var certificate = Path.Combine(chain, "holder.pem");
        await File.WriteAllTextAsync(certificate, CaTestSupport.Pem(await CertificateDerAsync(cardSerial)));
        var ocsp = await Tool.OpenSslAsync(
            "ocsp", "-issuer", Path.Combine(chain, "issuing.pem"), "-cert", certificate, "-url", app.BaseAddress + "/ocsp", "-CAfile", Path.Combine(chain, "chain.pem"));
        await applicant.GotoAsync(app.BaseAddress + "/kargo-takip");
        await applicant.GetByLabel("Takip numarası").FillAsync(tracking);
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Sorgula" }).ClickAsync();
        var trackingPage = await applicant.InnerTextAsync("main");

        // Assert
        Assert.Contains(formNumber, letterText, StringComparison.Ordinal);
        Assert.Contains("Deniz Karaca", letterText, StringComparison.Ordinal);
        Assert.Contains("Örnek Üniversitesi", letterText, StringComparison.Ordinal);
        Assert.Equal(ApplicationState.Delivered.ToString(), await ScalarAsync<string>($"SELECT state AS \"Value\" FROM applications WHERE id = {applicationId}"));
        Assert.True(list.ExitCode == 0, list.All);
        Assert.Contains(cardSerial, list.Output, StringComparison.Ordinal);
        Assert.Contains("Deniz Karaca", list.Output, StringComparison.Ordinal);
        Assert.True(ocsp.ExitCode == 0, ocsp.All);
        Assert.Contains("Response verify OK", ocsp.All, StringComparison.Ordinal);
        Assert.Contains($"{certificate}: good", ocsp.Output, StringComparison.Ordinal);
        Assert.Contains("Teslim edildi", trackingPage, StringComparison.Ordinal);
        string[] notices = ["Başvuru formunuz merkeze gönderildi", "Başvuru formunuz merkeze ulaştı", "Başvurunuz onaylandı", "Kartınız üretildi", "Kartınız kargoya verildi", "Kartınız teslim edildi"];
        var subjects = await SubjectsToAsync(Email);
        Assert.All(notices, subject => Assert.Contains(subject, subjects));
        Assert.Contains(tracking, await ScalarAsync<string>($"SELECT body AS \"Value\" FROM outbox_messages WHERE channel = 'Sms' AND recipient = '+905321112233' ORDER BY created_at DESC LIMIT 1"), StringComparison.Ordinal);
        await staff.CloseAsync();
        await applicantContext.CloseAsync();
        await officerContext.CloseAsync();
    }

    private async Task StaffLogInAsync(IPage page, string userName, string password, string landing)
    {
        await page.GotoAsync(app.BaseAddress + "/giris");
        await page.GetByLabel("Kullanıcı adı").FillAsync(userName);
        await page.GetByLabel("Parola").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();
        await page.WaitForURLAsync(landing);
    }

    private async Task<string> LatestMailBodyAsync(string recipient, string subjectPart)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => m.Recipient == recipient).OrderByDescending(m => m.CreatedAt).ToListAsync();
        return mails.First(m => m.Subject!.Contains(subjectPart, StringComparison.OrdinalIgnoreCase)).Body;
    }

    private async Task<IReadOnlyList<string>> SubjectsToAsync(string recipient)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.Recipient == recipient && m.Subject != null).Select(m => m.Subject!).ToListAsync();
    }

    private async Task<Guid> ApplicationIdAsync(string identifier)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var personId = await db.People.Where(p => p.IdentifierNumber == identifier).Select(p => p.Id).SingleAsync();
        return await db.Set<Application>().Where(a => a.PersonId == personId).Select(a => a.Id).SingleAsync();
    }

    private async Task<byte[]> CertificateDerAsync(string cardSerial)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var serial = await db.Cards.Where(c => c.Serial == cardSerial).Select(c => c.CertificateSerial).SingleAsync();
        return await db.Certificates.Where(c => c.Serial == serial).Select(c => c.Der).SingleAsync();
    }

    private async Task WaitForStateAsync(Guid applicationId, ApplicationState state)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await ScalarAsync<string>($"SELECT state AS \"Value\" FROM applications WHERE id = {applicationId}") == state.ToString())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The application did not reach {state}.");
    }

    private Task<T> ScalarAsync<T>(FormattableString sql) => Support.ScalarAsync<T>(app, sql);

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("muhur-ust-yazi-").FullName, "ust-yazi.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var text = await Tool.RunAsync("pdftotext", ["-layout", file, "-"]);
        Assert.True(text.ExitCode == 0, text.All);
        return text.Output;
    }
}
