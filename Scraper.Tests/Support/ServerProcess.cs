using System.Diagnostics;
using System.Globalization;

namespace Scraper.Tests.Support;

/// <summary>What every real server a test starts has in common: a free loopback port and a temp folder of its
/// own, one process at a time with its output kept (the tail goes into failure messages), a wait until it answers
/// (<see cref="AnswersAsync"/>, polled), and the ways it ends: killed, shut down, disposed with its folder. A
/// subclass says only what is its own: its files, its command line and how to ask whether it answers.</summary>
internal abstract class ServerProcess : IAsyncDisposable
{
    private const int TailLines = 60;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly Queue<string> _output = new();
    private Process? _process;

    protected ServerProcess(int port, TempFolder folder)
    {
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    protected TempFolder Folder { get; }

    /// <summary>The program's name, for messages.</summary>
    protected abstract string Name { get; }

    /// <summary>What answering means, for messages: "answer PING", say.</summary>
    protected abstract string Answering { get; }

    protected virtual TimeSpan StartDeadline => TimeSpan.FromSeconds(30);

    /// <summary>Whether a process is running (its <see cref="Process"/> when one is).</summary>
    protected Process? Running => _process is { HasExited: false } ? _process : null;

    /// <summary>The last lines the server printed (stdout and stderr, as they came).</summary>
    public string Tail()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <summary>Kills the server (SIGKILL: the hard way, as a crash would).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        Forget();
    }

    /// <summary>Stops the server the way an orchestrator restarts it: SIGTERM, so it can finish what it writes.</summary>
    public async Task ShutdownAsync()
    {
        if (_process is { HasExited: false })
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync();
        }

        Forget();
    }

    public async ValueTask DisposeAsync()
    {
        await EndAsync();
        Forget();
        Release();
        Folder.Dispose();
    }

    /// <summary>Starts <paramref name="server"/> with <paramref name="start"/>; a server that does not come up is
    /// disposed (its folder too) before the error goes on.</summary>
    protected static async Task<T> StartedAsync<T>(T server, Func<T, Task> start)
        where T : ServerProcess
    {
        try
        {
            await start(server);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (its output kept) and waits until <see cref="AnswersAsync"/> says it answers.
    /// A process that exits first ends the wait at once, with what it printed.</summary>
    protected async Task StartProcessAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        lock (_output)
        {
            _output.Clear();
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException(Name + " did not start.");
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Exception? last = null;
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    if (await AnswersAsync())
                    {
                        return true;
                    }
                }
                catch (Exception e) when (NotAnsweringYet(e))
                {
                    last = e;
                }

                return process.HasExited
                    ? throw new InvalidOperationException($"{Name} exited before it came up on port {Port}:\n{Tail()}", last)
                    : false;
            },
            StartDeadline,
            () => $"{Name} did not {Answering} on port {Port}{(last is null ? "" : " (" + last.Message + ")")}:\n{Tail()}",
            ProbeInterval);
    }

    /// <summary>Whether the server answers now; false, or an exception <see cref="NotAnsweringYet"/> accepts, while
    /// it is still coming up.</summary>
    protected abstract Task<bool> AnswersAsync();

    /// <summary>The exceptions of a probe that mean "not listening yet" rather than a failure.</summary>
    protected abstract bool NotAnsweringYet(Exception e);

    /// <summary>How the server ends on dispose: killed, unless a subclass knows better.</summary>
    protected virtual Task EndAsync() => StopAsync();

    /// <summary>Frees what a subclass holds besides the process and the folder.</summary>
    protected virtual void Release()
    {
    }

    private void Forget()
    {
        _process?.Dispose();
        _process = null;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > TailLines)
            {
                _output.Dequeue();
            }
        }
    }
}
