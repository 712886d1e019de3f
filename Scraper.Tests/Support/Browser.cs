using System.Diagnostics;

namespace Scraper.Tests.Support;

/// <summary>Headless Chromium (Debian's <c>chromium</c>, installed by scripts/test.sh): loads a page, runs its
/// scripts, and returns the DOM as it then stands, or saves a screenshot. Each call has a profile of its own and a deadline.</summary>
internal static class Browser
{
    public static Task<string> DumpDomAsync(Uri url, TimeSpan deadline) => RunAsync(["--dump-dom", url.AbsoluteUri], deadline);

    /// <summary>Saves a PNG of the page as a 1600×1000 window shows it to <paramref name="path"/>.</summary>
    public static async Task ScreenshotAsync(Uri url, string path, TimeSpan deadline)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await RunAsync(["--window-size=1600,1000", "--hide-scrollbars", "--screenshot=" + Path.GetFullPath(path), url.AbsoluteUri], deadline);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException("chromium wrote no screenshot to " + path);
        }
    }

    private static async Task<string> RunAsync(IEnumerable<string> what, TimeSpan deadline)
    {
        using var profile = TempFolder.Create("chromium");
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--user-data-dir=" + profile.Path,
        }.Concat(what))
        {
            start.ArgumentList.Add(flag);
        }

        using var browser = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
        var output = browser.StandardOutput.ReadToEndAsync();
        var errors = browser.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await browser.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            browser.Kill(entireProcessTree: true);
            await browser.WaitForExitAsync();
            throw new TimeoutException("chromium did not finish within " + deadline + ": " + await errors);
        }

        return browser.ExitCode == 0
            ? await output
            : throw new InvalidOperationException("chromium exited with " + browser.ExitCode + ": " + await errors);
    }

    private static string Executable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("chromium is not installed: run the tests with scripts/test.sh, which installs it.");
    }
}
