using System.Diagnostics;
using StackExchange.Redis;

namespace Scraper.Tests.Support;

/// <summary>A real redis-server of the test's own: loopback only, a free port, a temp folder, no persistence
/// unless asked. Started and stopped by the test, so a test can also stop and restart it, or start it late
/// (<see cref="Reserve"/>, then <see cref="RestartAsync"/>).</summary>
internal sealed class RedisServer : ServerProcess
{
    private readonly string? _password;

    private RedisServer(int port, TempFolder folder, string? password)
        : base(port, folder) => _password = password;

    /// <summary>The StackExchange.Redis configuration string for this server (with its password, if it has one).</summary>
    public string ConnectionString => "127.0.0.1:" + Port + ",abortConnect=false" + Password;

    protected override string Name => "redis-server";

    protected override string Answering => "answer PING";

    protected override TimeSpan StartDeadline => TimeSpan.FromSeconds(20);

    private string Password => _password is null ? "" : ",password=" + _password;

    public static Task<RedisServer> StartAsync(string? password = null) =>
        StartedAsync(Reserve(password), server => server.RestartAsync());

    /// <summary>A server's port and folder, not started yet: nothing listens on the port until
    /// <see cref="RestartAsync"/>.</summary>
    public static RedisServer Reserve(string? password = null) =>
        new(LoopbackPort.Free(), TempFolder.Create("redis"), password);

    /// <summary>Starts the server (again, after <see cref="ServerProcess.StopAsync"/>) and waits until it answers
    /// PING.</summary>
    public async Task RestartAsync()
    {
        var config = Folder.PathOf("redis.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            "bind 127.0.0.1",
            "port " + Port,
            "daemonize no",
            "dir " + Folder.Path,
            "save \"\"",
            "appendonly yes",
            "loglevel warning",
            "logfile \"\"",
            _password is null ? "" : "requirepass " + _password,
            ""));
        await StartProcessAsync(new ProcessStartInfo(ExternalCommand.Require("redis-server", "redis-server"), config));
    }

    protected override async Task<bool> AnswersAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:" + Port + ",connectTimeout=500" + Password);
        await connection.GetDatabase().PingAsync();
        return true;
    }

    protected override bool NotAnsweringYet(Exception e) => e is RedisConnectionException;
}
