using System.Diagnostics;

namespace Scraper.Tests.Support;

/// <summary>Runs a program to its end and returns what it printed; killed (with its children) at the deadline.</summary>
internal static class ExternalCommand
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan deadline,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            // null removes a variable the test process has.
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(fileName + " did not start.");
        return await WaitAsync(process, deadline);
    }

    /// <summary>Waits for a started process (output redirected) to end and returns its exit code and output;
    /// kills it, with its children, at the deadline.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> WaitAsync(Process process, TimeSpan deadline)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(process.StartInfo.FileName + " did not finish within " + deadline + ":\n" + await output + await error);
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The full path of a server the tests start, or an error that says how to get it.</summary>
    public static string Require(string name, string what) =>
        Find(name) ?? throw new InvalidOperationException(what + " is not installed: run the tests with scripts/test.sh, which installs it.");
}
