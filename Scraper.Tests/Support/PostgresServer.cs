using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Scraper.Tests.Support;

/// <summary>A real PostgreSQL of the test's own: a cluster made by initdb in a temp folder, <c>postgres</c> on
/// 127.0.0.1 and a free port, its socket in that folder, no durability (fsync off: the folder goes away anyway).
/// Uses Debian's binaries under <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>. PostgreSQL refuses to run as
/// root, so under root the binaries run as the <c>postgres</c> user the Debian package creates.</summary>
internal sealed class PostgresServer : ServerProcess
{
    private const string User = "scraper";

    private readonly string _bin;
    private readonly string? _runAs;

    private PostgresServer(string bin, TempFolder folder, string? runAs, int port)
        : base(port, folder)
    {
        _bin = bin;
        _runAs = runAs;
    }

    protected override string Name => "postgres";

    protected override string Answering => "come up";

    private string DataDirectory => Folder.PathOf("data");

    public static async Task<PostgresServer> StartAsync() =>
        await StartedAsync(await ReserveAsync(), server => server.StartPostgresAsync());

    /// <summary>A server made (its cluster, its port chosen) but not running: nothing listens on <see cref="ServerProcess.Port"/>
    /// until <see cref="StartReservedAsync"/>, for a test of what starts before its database.</summary>
    public static async Task<PostgresServer> ReserveAsync()
    {
        var bin = BinDirectory();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null && !File.ReadLines("/etc/passwd").Any(line => line.StartsWith(runAs + ":", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                "Running as root, PostgreSQL needs the 'postgres' user, which Debian's postgresql package creates: run the tests with scripts/test.sh.");
        }

        var folder = TempFolder.Create("postgres");
        var server = new PostgresServer(bin, folder, runAs, LoopbackPort.Free());
        try
        {
            if (runAs is not null)
            {
                await RunAsync("chown", [runAs + ":", folder.Path], runAs: null);
            }

            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", server.DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                runAs);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a server made by <see cref="ReserveAsync"/>, on its port, and waits until it accepts
    /// connections.</summary>
    public Task StartReservedAsync() => StartPostgresAsync();

    /// <summary>The connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database}";

    /// <summary>Creates an empty database of its own for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        // Unpooled: a later server may get a dead one's port, and a pooled connection to the dead one would
        // answer with end-of-stream.
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE DATABASE " + name, connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    protected override async Task EndAsync()
    {
        if (Running is { } process)
        {
            try
            {
                // Immediate shutdown: postgres and every backend gone, no checkpoint.
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], _runAs);
            }
            catch (InvalidOperationException)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
        }
    }

    private Task StartPostgresAsync()
    {
        string[] arguments =
        [
            "-D", DataDirectory, "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", Folder.Path,
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "shared_buffers=32MB", "-c", "max_connections=200", "-c", "log_min_messages=warning",
        ];
        return StartProcessAsync(StartInfo(Path.Combine(_bin, "postgres"), arguments, _runAs));
    }

    protected override async Task<bool> AnswersAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Timeout=2;Pooling=false");
        await connection.OpenAsync();
        return true;
    }

    protected override bool NotAnsweringYet(Exception e) => e is NpgsqlException or TimeoutException;

    private static async Task RunAsync(string executable, string[] arguments, string? runAs)
    {
        using var process = Process.Start(StartInfo(executable, arguments, runAs))
            ?? throw new InvalidOperationException(executable + " did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(executable)} exited with {process.ExitCode}:\n{await output}{await error}");
        }
    }

    // As root: setpriv execs the binary as the user (no child process in between, unlike runuser), so the
    // Process is postgres itself.
    private static ProcessStartInfo StartInfo(string executable, string[] arguments, string? runAs)
    {
        var start = new ProcessStartInfo(runAs is null ? executable : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The user must be able to enter it; the test's own folder may be closed to it.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            foreach (var argument in (string[])["--reuid=" + runAs, "--regid=" + runAs, "--init-groups", "--", executable])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string BinDirectory()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Dir, "bin", "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run the tests with scripts/test.sh, which installs it.");
    }
}
