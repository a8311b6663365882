using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Muhur.Server.Features.Demo;

/// <summary>Tells the person who ran <c>./muhur up</c> where the site is and how to log in.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var output = Console.Out;
        output.WriteLine();
        output.WriteLine("Mühür hazır / Mühür is ready:");
        foreach (var address in addresses)
        {
            output.WriteLine($"  {address}");
        }

        if (app.Configuration.GetValue<bool>("Muhur:Demo:Load"))
        {
            output.WriteLine("Demo girişleri (Personel Girişi: /giris) / Demo logins (Staff login: /giris):");
            foreach (var login in LoadDemoData.Logins)
            {
                output.WriteLine($"  {login.Description,-45} {login.UserName,-16} {login.Password}");
            }
        }

        if (app.Environment.IsDevelopment())
        {
            output.WriteLine("Giden e-posta ve SMS kutusu / Outgoing e-mail and SMS: /dev/outbox");
        }

        output.WriteLine("Durdurmak için Ctrl-C / Ctrl-C to stop");
        output.WriteLine();
        output.Flush();
    }
}
