using Microsoft.AspNetCore.Identity;

namespace Muhur.Server.Features.Staff;

/// <summary>Staff accounts and their sign-in.</summary>
internal static class StaffModule
{
    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddScoped<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
        services.AddScoped<SignInStaff>();
        return services;
    }
}
