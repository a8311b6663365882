using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Unit;

// The application's state machine (R-APP-1 … R-APP-10, R-EONAY-2), eligibility (R-ELIG-1 … R-ELIG-5),
// the access password (R-APP-1) and the SMS approval code (R-APP-5) as plain rules.
public class ApplicationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Paths => new()
    {
        // Wet-signed (R-APP-7, R-APP-9): the paper travels through the institution.
        { "SendAccessPassword ConfirmForm ApprovePhone PrintWetForm Forward Receive Approve ProduceCard Ship Deliver", "Delivered" },

        // E-signed (R-APP-8) and E-Onay (R-EONAY-2) reach the centre directly.
        { "SendAccessPassword ConfirmForm ApprovePhone ESign Approve ProduceCard Ship Deliver", "Delivered" },
        { "SendAccessPassword ConfirmForm ApprovePhone EApprove Reject", "Rejected" },

        // A correction after printing (R-APP-7) goes back through the SMS approval.
        { "SendAccessPassword ConfirmForm ApprovePhone PrintWetForm ConfirmForm ApprovePhone PrintWetForm", "WetFormPrinted" },

        // A resent password keeps the state; a returned parcel is sent again.
        { "SendAccessPassword SendAccessPassword ConfirmForm", "FormConfirmed" },
        { "SendAccessPassword ConfirmForm ApprovePhone ESign Approve ProduceCard Ship ReturnShipment Ship", "Shipped" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Decide_EveryStepOfAPath_IsAllowedAndEndsWhereExpected(string eventNames, string expectedName)
    {
        var events = eventNames.Split(' ').Select(Enum.Parse<ApplicationEvent>);
        var expected = Enum.Parse<ApplicationState>(expectedName);
        var state = ApplicationState.Registered;

        foreach (var @event in events)
        {
            var transition = ApplicationStateRules.Decide(state, @event);
            Assert.True(transition.Allowed, $"{@event} in {state}: {transition.RefusalId}");
            state = transition.NewState;
        }

        Assert.Equal(expected, state);
    }

    [Theory]
    [InlineData("Registered", "ConfirmForm", ApplicationStateRules.RefusedOutOfOrder)]
    [InlineData("FormConfirmed", "PrintWetForm", ApplicationStateRules.RefusedOutOfOrder)]
    [InlineData("FormConfirmed", "ESign", ApplicationStateRules.RefusedOutOfOrder)]
    [InlineData("WetFormPrinted", "Approve", ApplicationStateRules.RefusedOutOfOrder)]
    [InlineData("ESigned", "ConfirmForm", ApplicationStateRules.RefusedAlreadyAtCentre)]
    [InlineData("ForwardedToCentre", "PrintWetForm", ApplicationStateRules.RefusedAlreadyAtCentre)]
    [InlineData("Approved", "Approve", ApplicationStateRules.RefusedAlreadyDecided)]
    [InlineData("CardProduced", "Reject", ApplicationStateRules.RefusedAlreadyDecided)]
    [InlineData("CardProduced", "Cancel", ApplicationStateRules.RefusedOutOfOrder)]
    [InlineData("Cancelled", "Approve", ApplicationStateRules.RefusedFinished)]
    [InlineData("Rejected", "SendAccessPassword", ApplicationStateRules.RefusedFinished)]
    [InlineData("Delivered", "Cancel", ApplicationStateRules.RefusedFinished)]
    public void Decide_EventOutOfItsPlace_IsRefusedWithItsReason(string currentName, string eventName, string reason)
    {
        var current = Enum.Parse<ApplicationState>(currentName);
        var @event = Enum.Parse<ApplicationEvent>(eventName);

        var transition = ApplicationStateRules.Decide(current, @event);

        Assert.False(transition.Allowed);
        Assert.Equal(current, transition.NewState);
        Assert.Equal(reason, transition.RefusalId);
    }

    [Fact]
    public void Decide_EveryStateAndEvent_NeverLeavesAFinalStateAndAlwaysNamesARefusal()
    {
        foreach (var state in Enum.GetValues<ApplicationState>())
        {
            foreach (var @event in Enum.GetValues<ApplicationEvent>())
            {
                var transition = ApplicationStateRules.Decide(state, @event);

                Assert.Equal(transition.Allowed, transition.RefusalId is null);
                if (ApplicationStateRules.IsFinal(state))
                {
                    Assert.False(transition.Allowed);
                }
            }
        }
    }

    [Fact]
    public void AcceptsApplicantLogin_UntilTheFormIsSignedOrForwarded()
    {
        var accepted = Enum.GetValues<ApplicationState>().Where(ApplicationStateRules.AcceptsApplicantLogin);

        Assert.Equal(
            [ApplicationState.PasswordSent, ApplicationState.FormConfirmed, ApplicationState.PhoneApproved, ApplicationState.WetFormPrinted],
            accepted);
    }

    [Fact]
    public void Decide_PositionInTheTable_InstitutionPaysForThePosition()
    {
        var decision = EligibilityRules.Decide(new("Dekan", true), null, null, DateOnly.FromDateTime(Now.Date));

        Assert.Equal(new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Dekan"), decision);
    }

    [Fact]
    public void Decide_DeputyWithinItsPeriod_InstitutionPaysAsDeputy()
    {
        var today = new DateOnly(2026, 11, 29);
        var deputy = new DeputyRequest(new("Genel Sekreter", true), new(2026, 1, 1), new(2026, 12, 31));

        var decision = EligibilityRules.Decide(new("Şube Müdürü", false), deputy, null, today);
        var expired = EligibilityRules.Decide(new("Şube Müdürü", false), deputy, null, new(2027, 1, 1));

        Assert.Equal(new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Deputy, "Genel Sekreter"), decision);
        Assert.Equal(EligibilityReason.Individual, expired.Reason);
    }

    [Theory]
    [InlineData(true, true, true, true, true, "Project")]
    [InlineData(true, true, true, true, false, "Individual")]
    [InlineData(false, true, true, true, true, "Individual")]
    public void Decide_ProjectRequest_OnlyAllFiveCriteriaMakeItInstitutionPaid(
        bool named, bool requires, bool takesPart, bool titled, bool staff, string expectedName)
    {
        var expected = Enum.Parse<EligibilityReason>(expectedName);
        var project = new ProjectRequest(named, requires, takesPart, titled, staff);

        var decision = EligibilityRules.Decide(new("Öğretim Üyesi", false), null, project, new(2026, 11, 29));

        Assert.Equal(expected, decision.Reason);
        Assert.Equal(expected != EligibilityReason.Individual, decision.InstitutionPays);
    }

    [Fact]
    public void Decide_NothingHolds_IndividualPayment()
    {
        var decision = EligibilityRules.Decide(null, null, null, new(2026, 11, 29));

        Assert.Equal(new EligibilityDecision(PaymentMode.Individual, EligibilityReason.Individual, null), decision);
    }

    [Fact]
    public void Generate_AccessPassword_IsThreeGroupsOfUnambiguousCharactersAndNeverRepeats()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => AccessPassword.Generate()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", p));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public void Matches_TypedAsAPersonWould_AcceptsOnlyTheSamePassword()
    {
        var password = "7KQ2-M0XA-1BZC";
        var stored = AccessPassword.Hash(password);

        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("7KQ2M0XA1BZC", stored, StringComparison.Ordinal);
        Assert.True(AccessPassword.Matches(password, stored));
        Assert.True(AccessPassword.Matches(" 7kq2 moxa ıbzc ", stored));
        Assert.False(AccessPassword.Matches("7KQ2-M0XA-1BZD", stored));
        Assert.False(AccessPassword.Matches(null, stored));
        Assert.False(AccessPassword.Matches(password, "md5$1$AAAA$AAAA"));
        Assert.NotEqual(stored, AccessPassword.Hash(password));
    }

    [Fact]
    public void Check_RightCodeInTime_IsAcceptedOnce()
    {
        var id = Guid.NewGuid();
        var state = new SmsCodeState(SmsApprovalRules.HashCode(id, "042917"), Now, 0, null);

        Assert.Equal(SmsCodeCheck.Accepted, SmsApprovalRules.Check(state, id, " 042 917", Now.AddMinutes(2)));
        Assert.Equal(SmsCodeCheck.AlreadyUsed, SmsApprovalRules.Check(state with { UsedAt = Now.AddMinutes(2) }, id, "042917", Now.AddMinutes(2)));
        Assert.Equal(SmsCodeCheck.Wrong, SmsApprovalRules.Check(state, Guid.NewGuid(), "042917", Now.AddMinutes(2)));
    }

    [Fact]
    public void Check_ThirdWrongEntry_VoidsTheCode()
    {
        var id = Guid.NewGuid();
        var state = new SmsCodeState(SmsApprovalRules.HashCode(id, "042917"), Now, 0, null);

        Assert.Equal(SmsCodeCheck.Wrong, SmsApprovalRules.Check(state, id, "000000", Now));
        Assert.Equal(SmsCodeCheck.Wrong, SmsApprovalRules.Check(state with { WrongEntries = 1 }, id, "000000", Now));
        Assert.Equal(SmsCodeCheck.WrongAndVoided, SmsApprovalRules.Check(state with { WrongEntries = 2 }, id, "000000", Now));
        Assert.Equal(SmsCodeCheck.Voided, SmsApprovalRules.Check(state with { WrongEntries = 3 }, id, "042917", Now));
    }

    [Fact]
    public void Check_AfterThreeMinutes_IsExpired()
    {
        var id = Guid.NewGuid();
        var state = new SmsCodeState(SmsApprovalRules.HashCode(id, "042917"), Now, 0, null);

        Assert.Equal(SmsCodeCheck.Accepted, SmsApprovalRules.Check(state, id, "042917", Now.AddSeconds(179)));
        Assert.Equal(SmsCodeCheck.Expired, SmsApprovalRules.Check(state, id, "042917", Now.AddMinutes(3)));
    }

    [Fact]
    public void NewCode_IsSixDigits()
    {
        Assert.All(Enumerable.Range(0, 100).Select(_ => SmsApprovalRules.NewCode()), c => Assert.Matches("^[0-9]{6}$", c));
    }

    [Fact]
    public void NextSendAllowedAt_SpacedAndLimitedPerHour()
    {
        Assert.Equal(Now, SmsApprovalRules.NextSendAllowedAt([], Now));
        Assert.Equal(Now.AddSeconds(60), SmsApprovalRules.NextSendAllowedAt([Now], Now));
        Assert.Equal(Now.AddMinutes(5), SmsApprovalRules.NextSendAllowedAt([Now.AddMinutes(-2)], Now.AddMinutes(5)));

        var five = Enumerable.Range(0, 5).Select(i => Now.AddMinutes(i * 2)).ToList();
        Assert.Equal(Now.AddHours(1), SmsApprovalRules.NextSendAllowedAt(five, Now.AddMinutes(10)));
        Assert.Equal(Now.AddHours(1).AddMinutes(1), SmsApprovalRules.NextSendAllowedAt(five, Now.AddHours(1).AddMinutes(1)));
    }
}
