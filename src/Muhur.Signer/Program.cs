using System.Text;
using Muhur.Signer;

Console.OutputEncoding = Encoding.UTF8;
return SignerCli.Run(args, Console.Out, Console.Error, ReadSecret);

// Shows the prompt on stderr and reads a PIN or PUK without echo; from a redirected stdin it reads one line per call.
static string? ReadSecret(string prompt)
{
    Console.Error.Write(prompt);
    if (Console.IsInputRedirected)
    {
        var line = Console.In.ReadLine();
        Console.Error.WriteLine();
        return line;
    }
    var secret = new StringBuilder();
    while (true)
    {
        var key = Console.ReadKey(intercept: true);
        if (key.Key == ConsoleKey.Enter)
        {
            break;
        }
        if (key.Key == ConsoleKey.Backspace)
        {
            if (secret.Length > 0)
            {
                secret.Length--;
            }
            continue;
        }
        if (!char.IsControl(key.KeyChar))
        {
            _ = secret.Append(key.KeyChar);
        }
    }
    Console.Error.WriteLine();
    return secret.ToString();
}
