using System.Text.Json;
using Scraper.Jobs.Storage;
using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

/// <summary>Scraper.Sandbox, the real executable as a child process: the pipeline against its own simulator,
/// with its data in a temp folder of its own that it names at start and deletes when it stops.</summary>
public class SandboxTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Sandbox_Started_FetchesAndStoresFromItsSimulatorWithinAMinute()
    {
        await using var sandbox = Start();

        await DiscoveredAsync(sandbox);
    }

    [Fact]
    public async Task Sandbox_Running_ExportsThroughTheConnectionStringItLogs()
    {
        await using var sandbox = Start();
        var (_, submissions) = await sandbox.SandboxDataAsync(Deadline);
        await DiscoveredAsync(sandbox);
        using var store = new SqliteStore(submissions);
        await Poll.UntilAsync(async () => await store.Submissions.CountAsync(null, CancellationToken.None) > 0, Deadline,
            () => "Nothing stored within " + Deadline + ":\n" + sandbox.Tail());

        using var export = ScraperProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Submissions"] = submissions }, "export");
        var (exitCode, output, error) = await ScraperProcess.WaitAsync(export, Deadline);

        Assert.True(exitCode == 0, error);
        Assert.NotEmpty(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line)));
    }

    [Fact]
    public async Task Sandbox_Stopped_DeletesTheDataFolderItLogged()
    {
        await using var sandbox = Start();
        var (folder, _) = await sandbox.SandboxDataAsync(Deadline);
        Assert.True(Directory.Exists(folder), folder);
        // The line comes before the host starts, and a SIGTERM before then finds no handler to stop it.
        await sandbox.ListeningAsync();

        var (exitCode, _) = await sandbox.StopAsync(Deadline);

        Assert.Equal(0, exitCode);
        Assert.False(Directory.Exists(folder), folder + " is still there");
    }

    private static AppProcess Start() => AppProcess.StartSandbox(
        new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["Logging__Json"] = "true" });

    /// <summary>Waits until the app's own log says a discovery run enqueued something (so the store is ready and
    /// scrape jobs are on their way): no sleeping.</summary>
    private static Task<string> DiscoveredAsync(AppProcess sandbox) => sandbox.WaitForLineAsync(
        line => line.Contains("\"SourceContext\":\"Scraper.Jobs.Discovery.DiscoveryJob\"", StringComparison.Ordinal)
            && line.Contains("\"Enqueued\":", StringComparison.Ordinal) && !line.Contains("\"Enqueued\":0,", StringComparison.Ordinal),
        Deadline, "discovery run that enqueued submissions");
}
