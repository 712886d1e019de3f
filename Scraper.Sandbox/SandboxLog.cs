namespace Scraper.Sandbox;

/// <summary>The sandbox's own log events, with constant templates and named properties.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sandbox data in {Folder}, deleted when the sandbox stops; to export it while it runs: ConnectionStrings__Submissions='{Submissions}' dotnet run --project Scraper.Web -- export")]
    public static partial void SandboxData(ILogger logger, string folder, string submissions);
}
