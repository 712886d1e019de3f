using System.Diagnostics;
using StackExchange.Redis;

namespace Scraper.Tests.Support;

/// <summary>A real redis-server of the test's own: loopback only, a free port, a temp folder, no persistence
/// unless asked. Started and stopped by the test, so a test can also stop and restart it.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly string _folder;
    private Process? _process;

    private RedisServer(int port, string folder)
    {
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => "127.0.0.1:" + Port + ",abortConnect=false";

    public static async Task<RedisServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("scraper-redis-").FullName;
        var server = new RedisServer(LoopbackPort.Free(), folder);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        var config = Path.Combine(_folder, "redis.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            "bind 127.0.0.1",
            "port " + Port,
            "daemonize no",
            "dir " + _folder,
            "save \"\"",
            "appendonly yes",
            "loglevel warning",
            "logfile \"\"",
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

        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:" + Port + ",connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
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
        Directory.Delete(_folder, recursive: true);
    }

    private static string Executable() => ExternalCommand.Require("redis-server", "redis-server");
}
