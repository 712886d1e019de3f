using System.Diagnostics;

namespace Scraper.Tests.Support;

/// <summary>Scraper.Web run as a separate process, the way a worker runs: the real executable from the test's
/// output folder, configured through environment variables only. Scraper.Sandbox (the app around its simulator)
/// is started the same way.</summary>
internal static class ScraperProcess
{
    private const string App = "Scraper.Web.dll";
    private const string Sandbox = "Scraper.Sandbox.dll";

    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(App, AppContext.BaseDirectory, environment, args);

    /// <summary>Scraper.Sandbox: the app against a simulated old.reddit of its own, with its data in a temp folder
    /// of its own; started in <paramref name="workingDirectory"/> (by default the output folder, where the app's
    /// files are).</summary>
    public static Process StartSandbox(IReadOnlyDictionary<string, string> environment, string? workingDirectory = null) =>
        Launch(Sandbox, workingDirectory ?? AppContext.BaseDirectory, environment, []);

    private static Process Launch(string assembly, string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException(assembly + " did not start.");
    }

    /// <summary>Waits for the process to end and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output, string Error)> WaitAsync(Process process, TimeSpan deadline) =>
        ExternalCommand.WaitAsync(process, deadline);
}
