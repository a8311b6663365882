using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-2: identifier + "Resimdeki yazı" + the access password (R-APP-1) open the applicant's session; any wrong part
// gives the same answer.
public class ApplicantLoginTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Post_RightIdentifierPictureAndPassword_SignsInToTheApplicantPortal()
    {
        // Arrange
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, "10000000146");
        var client = app.CreateBrowserLikeClient();

        // Act: pasted the way a mail client copies it, lower case with spaces around.
        var response = await ApplicantTestSupport.PostLoginAsync(app, client, " 10000000146 ", $" {password.ToLowerInvariant()} ");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/basvuru", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("Muhur.Applicant=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_WrongPassword_SameMessageAsAWrongPictureAndNoSession()
    {
        // Arrange
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, "12345678950");
        var client = app.CreateBrowserLikeClient();

        // Act
        var wrongPassword = await ApplicantTestSupport.PostLoginAsync(app, client, "12345678950", "AAAA-BBBB-CCCC");
        var (captchaId, _) = await ApplicantTestSupport.CaptchaAsync(app);
        var wrongPicture = await MuhurAppFactory.PostFormAsync(client, "/basvuru/giris", new Dictionary<string, string>
        {
            ["Input.Identifier"] = "12345678950",
            ["Input.CaptchaId"] = captchaId,
            ["Input.CaptchaAnswer"] = "00000",
            ["Input.AccessPassword"] = password,
        });

        // Assert
        var first = await wrongPassword.Content.ReadAsStringAsync();
        var second = await wrongPicture.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Contains("Giriş yapılamadı.", first, StringComparison.Ordinal);
        Assert.Contains("Giriş yapılamadı.", second, StringComparison.Ordinal);
        Assert.False(wrongPassword.Headers.Contains("Set-Cookie") && wrongPassword.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("Muhur.Applicant=", StringComparison.Ordinal)));
    }
}
