using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Scraper.Tests.Support;

/// <summary>Scraper.Web (or Scraper.Sandbox) as a child process (<see cref="ScraperProcess"/>) whose output the test reads while it
/// runs: every line of standard output and error is kept, a test waits for a line, finds the addresses the app
/// listens on, and stops it as an orchestrator does (SIGTERM).</summary>
internal sealed partial class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DisposeDeadline = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];

    private AppProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Standard output's lines so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Standard error's lines so far.</summary>
    public IReadOnlyList<string> Error
    {
        get
        {
            lock (_error)
            {
                return [.. _error];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The environment of an app that serves but scrapes nothing while a test looks: loopback on a free port,
    /// a reddit address never asked (port 9, nothing scheduled), the test's user agent and this store; then each of
    /// <paramref name="settings"/> on top, in order.</summary>
    public static Dictionary<string, string> IdleEnvironment(string submissions, params IReadOnlyDictionary<string, string>[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Reddit__BaseUrl"] = "http://127.0.0.1:9/",
            ["Reddit__UserAgent"] = FetcherHost.UserAgent,
            ["Scraper__Schedule"] = "0 0 1 1 *",
            ["ConnectionStrings__Submissions"] = submissions,
        };
        foreach (var (key, value) in settings.SelectMany(layer => layer))
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Starts the app with these environment variables (on top of the test's own) and arguments.</summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(ScraperProcess.Start(environment, args));

    /// <summary>Scraper.Sandbox (the app against its own simulated old.reddit) with these environment variables,
    /// in <paramref name="workingDirectory"/> (by default the output folder).</summary>
    public static AppProcess StartSandbox(IReadOnlyDictionary<string, string> environment, string? workingDirectory = null) =>
        new(ScraperProcess.StartSandbox(environment, workingDirectory));

    /// <summary>Standard output's lines, each parsed as one JSON object (<c>Logging:Json=true</c>).</summary>
    public IReadOnlyList<JsonElement> JsonEvents() =>
        [.. Output.Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    /// <summary>Waits until a line of standard output matches, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan deadline, string what)
    {
        string? found = null;
        await Poll.UntilAsync(
            () => (found = Output.FirstOrDefault(match)) is not null || _process.HasExited,
            deadline,
            () => "No " + what + " within " + deadline + ". Its output:\n" + Tail(),
            PollInterval);
        return found ?? throw new TimeoutException("No " + what + " before the app exited. Its output:\n" + Tail());
    }

    /// <summary>The data folder and the connection string Scraper.Sandbox logged at start (<c>Logging:Json=true</c>).</summary>
    public async Task<(string Folder, string Submissions)> SandboxDataAsync(TimeSpan deadline)
    {
        var line = await WaitForLineAsync(
            line => line.Contains("\"SourceContext\":\"Scraper.Sandbox.Sandbox\"", StringComparison.Ordinal), deadline, "line naming the sandbox's data");
        var data = JsonDocument.Parse(line).RootElement;
        return (data.GetProperty("Folder").GetString()!, data.GetProperty("Submissions").GetString()!);
    }

    /// <summary>The addresses the app reported listening on (Kestrel's "Now listening on: …" lines), once all
    /// <paramref name="count"/> are reported.</summary>
    public async Task<IReadOnlyList<Uri>> ListeningAsync(int count = 1, TimeSpan? deadline = null)
    {
        List<Uri> addresses = [];
        await Poll.UntilAsync(
            () =>
            {
                addresses = [.. Output.Where(line => line.Contains("Now listening on", StringComparison.Ordinal))
                    .Select(line => new Uri(ListeningAddress().Match(line).Value))];
                return addresses.Count >= count || _process.HasExited;
            },
            deadline ?? TimeSpan.FromSeconds(60),
            () => "The app did not report listening on " + count + " addresses. Its output:\n" + Tail(),
            PollInterval);
        return addresses.Count >= count
            ? addresses
            : throw new TimeoutException("The app did not report listening on " + count + " addresses before it exited. Its output:\n" + Tail());
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and Kubernetes do, and waits for the process to end.</summary>
    /// <returns>The exit code, and how long the process took to end.</returns>
    public async Task<(int ExitCode, TimeSpan Took)> StopAsync(TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        if (!await TerminateAsync(deadline))
        {
            throw new TimeoutException("The app did not stop within " + deadline + " of SIGTERM. Its output:\n" + Tail());
        }

        var took = clock.Elapsed;
        // The exit is seen before the last redirected lines are read: this waits for the streams' end too.
        await _process.WaitForExitAsync(CancellationToken.None);
        return (_process.ExitCode, took);
    }

    /// <summary>Waits for the process to end on its own (an app that refused to start, say).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(timeout.Token);
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>The last lines of both streams, for failure messages.</summary>
    public string Tail(int lines = 40) =>
        string.Join('\n', Output.TakeLast(lines)) + (Error.Count > 0 ? "\nstderr:\n" + string.Join('\n', Error.TakeLast(lines)) : "");

    /// <summary>Stops the app if it still runs with SIGTERM too, so that it cleans up after itself (the sandbox
    /// deletes its data folder) also when a test ends early; killed if that does not end it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await TerminateAsync(DisposeDeadline);
        }

        _process.Dispose();
    }

    /// <summary>Sends SIGTERM and waits for the exit; at the deadline kills the process and its children.</summary>
    /// <returns>Whether it ended on its own within the deadline.</returns>
    private async Task<bool> TerminateAsync(TimeSpan deadline)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            return false;
        }
    }

    private static void Keep(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
    }

    [GeneratedRegex(@"https?://[^\s""]+")]
    private static partial Regex ListeningAddress();
}
