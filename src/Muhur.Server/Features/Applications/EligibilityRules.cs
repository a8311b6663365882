namespace Muhur.Server.Features.Applications;

/// <summary>R-ELIG-5: the reason an eligibility decision shows.</summary>
internal enum EligibilityReason
{
    /// <summary>R-ELIG-1: the person's position is in the institution's table.</summary>
    Position,

    /// <summary>R-ELIG-2: the person regularly deputises for such a position, on a written request.</summary>
    Deputy,

    /// <summary>R-ELIG-3: academic staff applying for a TÜBİTAK project, all five criteria recorded.</summary>
    Project,

    /// <summary>R-ELIG-4: everyone else, with individual payment.</summary>
    Individual,
}

/// <summary>A position as the institution's table has it (R-ELIG-1).</summary>
internal sealed record PositionEligibility(string Name, bool IsEligible);

/// <summary>R-ELIG-2: a written deputising request, for the position and the period it names.</summary>
internal sealed record DeputyRequest(PositionEligibility Position, DateOnly From, DateOnly To);

/// <summary>R-ELIG-3: the unit's request for a TÜBİTAK project applicant, one flag per criterion of the seed.</summary>
internal sealed record ProjectRequest(
    bool ProgrammeNamed,
    bool ProgrammeRequiresESignature,
    bool UniversityTakesPart,
    bool ProjectHasTitle,
    bool ActuallyUniversityStaff)
{
    public bool MeetsAllCriteria =>
        ProgrammeNamed && ProgrammeRequiresESignature && UniversityTakesPart && ProjectHasTitle && ActuallyUniversityStaff;
}

/// <summary>An eligibility decision with what it rests on (R-ELIG-5); who made it is recorded beside it.</summary>
internal sealed record EligibilityDecision(PaymentMode Payment, EligibilityReason Reason, string? PositionName)
{
    public bool InstitutionPays => Payment == PaymentMode.Institution;
}

/// <summary>Who the institution pays for (seed 000 §1, Table 1 and its notes). Pure.</summary>
internal static class EligibilityRules
{
    /// <summary>
    /// The first reason that holds, in the seed's order: the person's own position, a deputising request
    /// valid today, a project request meeting all five criteria; otherwise individual payment (R-ELIG-4).
    /// </summary>
    public static EligibilityDecision Decide(PositionEligibility? position, DeputyRequest? deputy, ProjectRequest? project, DateOnly today)
    {
        if (position is { IsEligible: true })
        {
            return new(PaymentMode.Institution, EligibilityReason.Position, position.Name);
        }

        if (deputy is { Position.IsEligible: true } && deputy.From <= today && today <= deputy.To)
        {
            return new(PaymentMode.Institution, EligibilityReason.Deputy, deputy.Position.Name);
        }

        if (project is { MeetsAllCriteria: true })
        {
            return new(PaymentMode.Institution, EligibilityReason.Project, position?.Name);
        }

        return new(PaymentMode.Individual, EligibilityReason.Individual, position?.Name);
    }
}
