using System.Diagnostics;

namespace Scraper.Tests.Support;

/// <summary>Scraper.Web run as a separate process, the way a worker runs: the real executable from the test's
/// output folder, configured through environment variables only.</summary>
internal static class ScraperProcess
{
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartIn(AppContext.BaseDirectory, environment, args);

    /// <summary>As <see cref="Start"/>, with another working directory than the output folder (where the app's
    /// files are).</summary>
    public static Process StartIn(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Scraper.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Scraper.Web did not start.");
    }

    /// <summary>Waits for the process to end and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output, string Error)> WaitAsync(Process process, TimeSpan deadline) =>
        ExternalCommand.WaitAsync(process, deadline);
}
