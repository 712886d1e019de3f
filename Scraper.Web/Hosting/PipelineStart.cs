using System.Net;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Scraper.Jobs.Discovery;
using Scraper.Web.Hosting.Logging;
using StackExchange.Redis;

namespace Scraper.Web.Hosting;

/// <summary>Registers the recurring schedule (roles all and web) and starts the Hangfire server (roles all and
/// worker) once Hangfire's storage can be reached and the submission store's schema is in place
/// (<see cref="StoreStart"/>): at once in memory, or when Redis (and a PostgreSQL started late) answers. An app started before
/// Redis runs anyway (health, dashboard), says so once, and starts both the moment Redis is reachable, with no
/// restart. (A Hangfire server started without its storage retries each of its processes, logging a stack trace
/// each time; the schedule's registration would throw and stop the app.)</summary>
/// <remarks>Stopping: the server stops taking jobs at once; jobs in flight get half of
/// <see cref="ScraperOptions.ShutdownTimeout"/> to finish, then their cancellation token fires and they go back to
/// the queue; the server gives up waiting at 90%, inside the host's own timeout.</remarks>
internal sealed class PipelineStart(
    IServiceProvider services, StoreStart store, IOptions<ScraperOptions> options, IHostApplicationLifetime lifetime, ILogger<PipelineStart> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan ReachablePoll = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stopping = new();
    private Task _waiting = Task.CompletedTask;
    private BackgroundJobServer? _server;
    private int _stopSent;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolving the connection connects, or gives up after its connect timeout and keeps trying in the
        // background (AbortOnConnectFail is off).
        var redis = services.GetService<IConnectionMultiplexer>();
        var redisUp = redis is null || redis.IsConnected;
        if (redisUp && store.Initialized.IsCompletedSuccessfully)
        {
            Start();
            return Task.CompletedTask;
        }

        // The store (StoreStart) says itself that it is not reachable.
        var address = redis is null ? null : Describe(redis);
        if (!redisUp)
        {
            HostingLog.RedisUnreachable(logger, address!);
        }

        _waiting = StartWhenReachableAsync(redis, redisUp ? null : address, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _waiting;
        if (_server is { } server)
        {
            SendStop();
            await server.WaitForShutdownAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _server?.Dispose();
        _stopping.Dispose();
    }

    private void Start()
    {
        var role = options.Value;
        if (role.RegistersSchedule)
        {
            services.GetRequiredService<ScheduleRegistration>().Register();
        }

        if (role.RunsJobs && _server is null)
        {
            _server = new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    Queues = role.QueuesOrDefault,
                    WorkerCount = role.Workers,
                    SchedulePollingInterval = TimeSpan.FromSeconds(5),
                    StopTimeout = role.ShutdownTimeout / 2,
                    ShutdownTimeout = role.ShutdownTimeout * 0.9,
                    Activator = services.GetRequiredService<JobActivator>(),
                    FilterProvider = services.GetRequiredService<IJobFilterProvider>(),
                    TimeZoneResolver = services.GetRequiredService<ITimeZoneResolver>(),
                },
                services.GetRequiredService<JobStorage>(),
                services.GetServices<IBackgroundProcess>());
            // The clock of StopTimeout starts when the process is told to stop, not when this service's turn to
            // stop comes.
            lifetime.ApplicationStopping.Register(SendStop);
        }
    }

    /// <param name="redis">Hangfire's storage, null in memory.</param>
    /// <param name="unreachable">Redis's address when it was not reachable at start (said once it is), else
    /// null.</param>
    /// <param name="ct">Fires when the app stops.</param>
    private async Task StartWhenReachableAsync(IConnectionMultiplexer? redis, string? unreachable, CancellationToken ct)
    {
        using var poll = new PeriodicTimer(ReachablePoll);
        try
        {
            while (await poll.WaitForNextTickAsync(ct))
            {
                if (redis is { IsConnected: false } || !store.Initialized.IsCompletedSuccessfully)
                {
                    continue;
                }

                try
                {
                    Start();
                    if (unreachable is not null)
                    {
                        HostingLog.RedisReachable(logger, unreachable);
                    }

                    return;
                }
                catch (Exception e) when (e is RedisException or RedisTimeoutException)
                {
                    // Lost again between the check and the start: wait for it again (registering is idempotent).
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The app must not run on without its job server and say nothing.
            HostingLog.PipelineStartFailed(logger, e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private void SendStop()
    {
        if (Interlocked.Exchange(ref _stopSent, 1) == 0)
        {
            // Sent once: a second SendStop would restart the StopTimeout clock.
            _server?.SendStop();
        }
    }

    /// <summary>host:port of each configured endpoint; never the password or the rest of the configuration.</summary>
    internal static string Describe(IConnectionMultiplexer redis) =>
        string.Join(',', redis.GetEndPoints(configuredOnly: true).Select(endpoint => endpoint switch
        {
            DnsEndPoint dns => dns.Host + ":" + dns.Port,
            _ => endpoint.ToString() ?? "?",
        }));
}
