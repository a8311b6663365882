using Muhur.Tests.OpenCryptoki;

namespace Muhur.Signer.Tests;

/// <summary>
/// The test host never calls this entry point. The openCryptoki tests start this assembly with <c>dotnet</c> inside
/// the token's sandbox, where only processes in its mount namespace see the token, to prepare a card with
/// <see cref="Pkcs11Probe"/>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args is [Pkcs11Probe.Command, .. var rest])
        {
            return Pkcs11Probe.Run(rest, Console.Out, Console.Error);
        }
        Console.Error.WriteLine($"usage: dotnet Muhur.Signer.Tests.dll {Pkcs11Probe.Command} MODULE SLOT OPERATION...");
        return 2;
    }
}
