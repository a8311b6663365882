using Muhur.Tests.OpenCryptoki;

namespace Muhur.SmartCard.Tests.OpenCryptoki;

/// <summary>
/// Fresh openCryptoki soft tokens, each in a sandbox directory of its own (<see cref="OpenCryptokiSandbox"/>), so that
/// a test that locks a PIN cannot disturb another. Every sandbox made is deleted when the test class ends.
/// </summary>
public sealed class OpenCryptokiFixture : IDisposable
{
    /// <summary>The SO PIN (the PUK on a card) set after C_InitToken; openCryptoki takes 4 to 8 characters.</summary>
    public const string SoPin = "11223344";

    public const string UserPin = "123456";

    private readonly List<OpenCryptokiSandbox> _sandboxes = [];

    public OpenCryptokiFixture() => OpenCryptokiSandbox.RequirePrerequisites();

    /// <summary>A sandbox whose token is initialized with <see cref="SoPin"/> and user PIN <see cref="UserPin"/>.</summary>
    internal OpenCryptokiSandbox NewToken(string label)
    {
        var sandbox = NewSandbox();
        sandbox.InitializeToken(label, SoPin, UserPin);
        return sandbox;
    }

    /// <summary>A sandbox whose token was never initialized.</summary>
    internal OpenCryptokiSandbox NewSandbox()
    {
        var sandbox = new OpenCryptokiSandbox();
        lock (_sandboxes)
        {
            _sandboxes.Add(sandbox);
        }
        return sandbox;
    }

    public void Dispose()
    {
        foreach (var sandbox in _sandboxes)
        {
            sandbox.Dispose();
        }
    }
}
