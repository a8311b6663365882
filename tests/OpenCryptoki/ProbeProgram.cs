namespace Muhur.Tests.OpenCryptoki;

/// <summary>
/// The entry point of the test assemblies that link this folder. The test host never calls it; the openCryptoki tests
/// start the assembly with <c>dotnet</c> inside the token's sandbox, where only processes in its mount namespace see
/// the token, to run <see cref="Pkcs11Probe"/>.
/// </summary>
internal static class ProbeProgram
{
    public static int Main(string[] args)
    {
        if (args is [Pkcs11Probe.Command, .. var rest])
        {
            return Pkcs11Probe.Run(rest, Console.Out, Console.Error);
        }
        var assembly = typeof(ProbeProgram).Assembly.GetName().Name;
        Console.Error.WriteLine($"usage: dotnet {assembly}.dll {Pkcs11Probe.Command} MODULE SLOT OPERATION...");
        return 2;
    }
}
