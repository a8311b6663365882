using Muhur.Server.Features.CallCentre;

namespace Muhur.Server.Tests.Unit;

// R-APP-11, R-LOST-1: the call centre's identity rule — the name, and the security word or both phone and e-mail, and
// no answer that failed; answers compared the way people say them.
public class CallerIdentityRulesTests
{
    [Theory]
    [InlineData("Matched", "NotAsked", "NotAsked", "Matched", true)]
    [InlineData("Matched", "Matched", "Matched", "NotAsked", true)]
    [InlineData("Matched", "Matched", "NotAsked", "NotAsked", false)]
    [InlineData("Matched", "NotAsked", "NotAsked", "NotAsked", false)]
    [InlineData("NotMatched", "Matched", "Matched", "Matched", false)]
    [InlineData("Matched", "NotMatched", "Matched", "Matched", false)]
    [InlineData("NotAsked", "Matched", "Matched", "Matched", false)]
    public void Passed_Answers_NameAndWordOrPhoneAndMailWithoutAFailure(string name, string mobile, string email, string word, bool passed)
    {
        var results = new CallerQuestionResults(
            Enum.Parse<QuestionResult>(name), Enum.Parse<QuestionResult>(mobile), Enum.Parse<QuestionResult>(email), Enum.Parse<QuestionResult>(word));

        Assert.Equal(passed, CallerIdentityRules.Passed(results));
    }

    [Theory]
    [InlineData("ayşe  YILMAZ", "Ayşe Yılmaz", true)]
    [InlineData("İSMAİL ÇAĞLAR", "İsmail Çağlar", true)]
    [InlineData("Ayse Yilmaz", "Ayşe Yılmaz", false)]
    public void SameName_TurkishCaseAndSpaces(string typed, string stored, bool same)
    {
        Assert.Equal(same, CallerIdentityRules.SameName(typed, stored));
    }

    [Theory]
    [InlineData("0532 123 45 67", "+905321234567", true)]
    [InlineData("+90 (532) 123-4567", "+905321234567", true)]
    [InlineData("0532 123 45 68", "+905321234567", false)]
    [InlineData("4567", "+905321234567", false)]
    public void SameMobile_ByTheLastTenDigits(string typed, string stored, bool same)
    {
        Assert.Equal(same, CallerIdentityRules.SameMobile(typed, stored));
    }

    [Fact]
    public void Summary_SaysWhichWereAskedAndMatchedNeverAValue()
    {
        var results = new CallerQuestionResults(QuestionResult.Matched, QuestionResult.NotAsked, QuestionResult.NotMatched, QuestionResult.Matched);

        Assert.Equal("name:yes,mobile:-,email:no,word:yes", results.Summary);
    }
}
