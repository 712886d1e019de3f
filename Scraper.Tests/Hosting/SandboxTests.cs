using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

public class SandboxTests
{
    [Fact]
    public async Task Sandbox_Started_FetchesAndStoresFromItsSimulatorWithinAMinute()
    {
        using var process = ScraperProcess.Start(
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" }, "--sandbox");
        try
        {
            // Read the app's own log until a discovery run reports what it enqueued: no sleeping.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var seen = new List<string>();
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(deadline.Token)) is not null)
            {
                seen.Add(line);
                if (line.Contains("Discovery of r/sandbox_", StringComparison.Ordinal)
                    && line.Contains("enqueued", StringComparison.Ordinal) && !line.Contains("enqueued 0 ", StringComparison.Ordinal))
                {
                    return;
                }
            }

            Assert.Fail("The sandbox exited before discovering anything:\n" + string.Join('\n', seen.TakeLast(30)));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("No discovery within a minute.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
