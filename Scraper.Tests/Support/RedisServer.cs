using System.Diagnostics;
using StackExchange.Redis;

namespace Scraper.Tests.Support;

/// <summary>A real redis-server of the test's own: loopback only, a free port, a temp folder, no persistence
/// unless asked. Started and stopped by the test, so a test can also stop and restart it, or start it late
/// (<see cref="Reserve"/>, then <see cref="RestartAsync"/>).</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly TempFolder _folder;
    private readonly string? _password;
    private Process? _process;

    private RedisServer(int port, TempFolder folder, string? password)
    {
        Port = port;
        _folder = folder;
        _password = password;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for this server (with its password, if it has one).</summary>
    public string ConnectionString => "127.0.0.1:" + Port + ",abortConnect=false" + (_password is null ? "" : ",password=" + _password);

    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        var server = Reserve(password);
        try
        {
            await server.RestartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A server's port and folder, not started yet: nothing listens on the port until
    /// <see cref="RestartAsync"/>.</summary>
    public static RedisServer Reserve(string? password = null) =>
        new(LoopbackPort.Free(), TempFolder.Create("redis"), password);

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        var config = _folder.PathOf("redis.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            "bind 127.0.0.1",
            "port " + Port,
            "daemonize no",
            "dir " + _folder.Path,
            "save \"\"",
            "appendonly yes",
            "loglevel warning",
            "logfile \"\"",
            _password is null ? "" : "requirepass " + _password,
            ""));
        var start = new ProcessStartInfo(Executable(), config)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await using var connection = await ConnectionMultiplexer.ConnectAsync(
                        "127.0.0.1:" + Port + ",connectTimeout=500" + (_password is null ? "" : ",password=" + _password));
                    await connection.GetDatabase().PingAsync();
                    return true;
                }
                catch (RedisConnectionException) when (!_process.HasExited)
                {
                    return false; // not listening yet
                }
            },
            StartDeadline,
            () => "redis-server did not answer on port " + Port,
            TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Stops the server the way an orchestrator restarts it: SIGTERM, so Redis flushes its AOF first.</summary>
    public async Task ShutdownAsync()
    {
        if (_process is { HasExited: false })
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Kills the server (SIGKILL: the hard way, as a crash would).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
    }

    private static string Executable() => ExternalCommand.Require("redis-server", "redis-server");
}
