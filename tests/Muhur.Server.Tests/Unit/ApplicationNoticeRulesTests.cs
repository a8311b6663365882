using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Unit;

// Issue 11 item 8, R-APP-10, R-X-2: who hears of which state change, and by which channel.
public class ApplicationNoticeRulesTests
{
    [Theory]
    [InlineData("Reject", "ApplicantEmail,Institution")]
    [InlineData("ReturnShipment", "ApplicantEmail,Institution")]
    [InlineData("Ship", "ApplicantEmail,ApplicantSms")]
    [InlineData("Approve", "ApplicantEmail")]
    [InlineData("Deliver", "ApplicantEmail")]
    [InlineData("Forward", "ApplicantEmail")]
    [InlineData("Receive", "ApplicantEmail")]
    [InlineData("ProduceCard", "ApplicantEmail")]
    [InlineData("SendAccessPassword", "")]
    [InlineData("ConfirmForm", "")]
    [InlineData("ESign", "")]
    public void AudiencesOf_Event_AreThoseItMattersTo(string eventName, string expected)
    {
        // Arrange
        var @event = Enum.Parse<ApplicationEvent>(eventName);

        // Act
        var audiences = ApplicationNotices.AudiencesOf(@event, ApplicationState.PhoneApproved);

        // Assert
        Assert.Equal(expected, string.Join(',', audiences));
    }

    [Theory]
    [InlineData("Registered", "")]
    [InlineData("PasswordSent", "ApplicantEmail")]
    [InlineData("ReceivedByCentre", "ApplicantEmail")]
    public void AudiencesOf_Cancel_TellsOnlyAPersonWhoKnewOfTheApplication(string from, string expected)
    {
        // Arrange
        var state = Enum.Parse<ApplicationState>(from);

        // Act
        var audiences = ApplicationNotices.AudiencesOf(ApplicationEvent.Cancel, state);

        // Assert
        Assert.Equal(expected, string.Join(',', audiences));
    }
}
