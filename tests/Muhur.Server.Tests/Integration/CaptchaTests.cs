using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-2, R-OPS-1: "Resimdeki yazı" is drawn on the server, served without caching, answered once and
// expires; its answer is stored only as a hash.
public class CaptchaTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Image_IssuedChallenge_IsServedAsAnUncachedPng()
    {
        var id = await WithScope(s => s.GetRequiredService<IssueCaptcha>().RunAsync(CancellationToken.None));
        var client = app.CreateClient();

        var response = await client.GetAsync(CaptchaModule.ImageUrl(id));
        var again = await client.GetAsync(CaptchaModule.ImageUrl(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal(await response.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Check_RightAnswer_WorksOnceAndThePictureIsGone()
    {
        var (id, answer) = await StoreAsync(DateTimeOffset.UtcNow);

        var first = await Check(id, answer.ToLowerInvariant());
        var second = await Check(id, answer);
        var image = await app.CreateClient().GetAsync(CaptchaModule.ImageUrl(id));

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(HttpStatusCode.NotFound, image.StatusCode);
    }

    [Fact]
    public async Task Check_WrongAnswer_UsesThePictureUp()
    {
        var (id, answer) = await StoreAsync(DateTimeOffset.UtcNow);

        var wrong = await Check(id, answer[..^1] + (answer[^1] == 'X' ? 'Y' : 'X'));
        var right = await Check(id, answer);

        Assert.False(wrong);
        Assert.False(right);
    }

    [Fact]
    public async Task Check_ExpiredPicture_IsRefusedAndNotServed()
    {
        var (id, answer) = await StoreAsync(DateTimeOffset.UtcNow - CaptchaChallenge.Lifetime - TimeSpan.FromSeconds(1));

        var image = await app.CreateClient().GetAsync(CaptchaModule.ImageUrl(id));
        var check = await Check(id, answer);

        Assert.Equal(HttpStatusCode.NotFound, image.StatusCode);
        Assert.False(check);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yok-boyle-bir-resim-0000000000")]
    public async Task Check_UnknownPicture_IsRefused(string? id)
    {
        Assert.False(await Check(id, "K7MXA"));
    }

    [Fact]
    public async Task Store_Answer_IsNeverInTheTable()
    {
        var (id, answer) = await StoreAsync(DateTimeOffset.UtcNow);

        var row = await WithScope(s => s.GetRequiredService<MuhurDbContext>().Set<CaptchaChallenge>().AsNoTracking().SingleAsync(c => c.Id == id));

        Assert.DoesNotContain(answer, System.Text.Encoding.Latin1.GetString(row.AnswerHash), StringComparison.Ordinal);
        Assert.Equal(CaptchaChallenge.HashAnswer(id, answer), row.AnswerHash);
    }

    private async Task<(string Id, string Answer)> StoreAsync(DateTimeOffset now)
    {
        var (challenge, answer) = CaptchaChallenge.Create(now);
        await WithScope(async s =>
        {
            var db = s.GetRequiredService<MuhurDbContext>();
            db.Add(challenge);
            return await db.SaveChangesAsync();
        });
        return (challenge.Id, answer);
    }

    private Task<bool> Check(string? id, string answer) =>
        WithScope(s => s.GetRequiredService<CheckCaptcha>().RunAsync(id, answer, CancellationToken.None));

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }
}
