using System.Text;
using Muhur.Signer;

Console.OutputEncoding = Encoding.UTF8;
return SignerCli.Run(args, Console.Out, Console.Error, ReadPin);

// Reads the PIN without echo; from a redirected stdin it reads one line.
static string? ReadPin()
{
    Console.Error.Write("PIN: ");
    if (Console.IsInputRedirected)
    {
        return Console.In.ReadLine();
    }
    var pin = new StringBuilder();
    while (true)
    {
        var key = Console.ReadKey(intercept: true);
        if (key.Key == ConsoleKey.Enter)
        {
            break;
        }
        if (key.Key == ConsoleKey.Backspace)
        {
            if (pin.Length > 0)
            {
                pin.Length--;
            }
            continue;
        }
        if (!char.IsControl(key.KeyChar))
        {
            _ = pin.Append(key.KeyChar);
        }
    }
    Console.Error.WriteLine();
    return pin.ToString();
}
