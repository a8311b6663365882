namespace Muhur.Server.Features.People;

/// <summary>People an institution registers (R-APP-1), the only holders certificates and cards are made for.</summary>
internal static class PeopleModule
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddScoped<RegisterPerson>();
        services.AddScoped<FindRegisteredPerson>();
        return services;
    }
}
