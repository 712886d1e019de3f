using System.Data.Common;
using Npgsql;
using Scraper.Jobs.Storage;
using Scraper.Web.Hosting.Logging;

namespace Scraper.Web.Hosting;

/// <summary>Creates or migrates the submission store's schema on start, in every role, and tells
/// <see cref="PipelineStart"/> when it is done (<see cref="Initialized"/>): the job server and the schedule wait for
/// it. A PostgreSQL that does not answer yet is waited for as Redis is: said once, retried every
/// <see cref="RetryInterval"/> while the web host runs (health, dashboard; /health/ready reports the store), the
/// pipeline started once it answers. A store that answers but cannot be used (a wrong password, a missing database,
/// a SQLite file that cannot be written) stops the app with one line naming <c>ConnectionStrings:Submissions</c>.</summary>
internal sealed class StoreStart(
    ISubmissionStore store, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<StoreStart> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;
    private string _address = string.Empty;

    /// <summary>Completes once the schema is in place; never, while the store is not reachable or after it
    /// failed.</summary>
    public Task Initialized => _initialized.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _address = Address();
        // The first attempt in line, so that with a store that answers the schema exists before anything else
        // starts.
        if (await TryInitializeAsync(cancellationToken) is { } unreachable)
        {
            HostingLog.StoreUnreachable(logger, SubmissionStoreConnection.ConfigurationKey, _address, unreachable.Message);
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retrying;
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RetryInterval);
        try
        {
            while (!_initialized.Task.IsCompleted && await timer.WaitForNextTickAsync(ct))
            {
                if (await TryInitializeAsync(ct) is null && _initialized.Task.IsCompletedSuccessfully)
                {
                    HostingLog.StoreReachable(logger, SubmissionStoreConnection.ConfigurationKey, _address);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <returns>The failure when the store is not reachable (yet); null when the schema is in place, or when the
    /// store cannot be used (said, and the app told to stop).</returns>
    private async Task<Exception?> TryInitializeAsync(CancellationToken ct)
    {
        try
        {
            await store.InitializeAsync(ct);
            _initialized.TrySetResult();
            return null;
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            return e;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            // Not a passing state: waiting would not help. The message says what is wrong; a stack trace would not.
            HostingLog.StoreUnusable(logger, SubmissionStoreConnection.ConfigurationKey, _address, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return null;
        }
    }

    // Refused, timed out, or up but not accepting connections yet (57P03): what a server that starts late answers.
    private static bool IsUnreachable(Exception e) => e switch
    {
        TimeoutException => true,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    /// <summary>Where the store is: host:port/database, or the SQLite file; never the password.</summary>
    private string Address()
    {
        var text = configuration[SubmissionStoreConnection.ConfigurationKey];
        text = string.IsNullOrWhiteSpace(text) ? SubmissionStoreConnection.Default : text;
        if (store.Database == SubmissionDatabase.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            return builder.Host + ":" + builder.Port + "/" + builder.Database;
        }

        return Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(text).DataSource);
    }
}
