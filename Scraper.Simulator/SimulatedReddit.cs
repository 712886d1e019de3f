using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scraper.Simulator.Hosting;

namespace Scraper.Simulator;

/// <summary>A simulated old.reddit.com: a Kestrel server on 127.0.0.1 and a free port, serving listing and
/// submission pages made from real saved pages and a <see cref="SimulatedWorld"/>, with faults on demand and a log
/// of what was asked. Routes: <c>GET /r/{sub}/new/?limit&amp;count&amp;after|before</c> (<c>{sub}</c> may be a
/// combination, <c>a+b+c</c>: see TEMPLATES.md), <c>GET /r/{sub}/comments/{id}/{slug}/</c>; everything else is a
/// 404 page.</summary>
public sealed class SimulatedReddit : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private SimulatedReddit(
        WebApplication app, CancellationTokenSource stopping, Uri baseUrl, SimulatedWorld world, FaultPlan faults, SimulatedSession session,
        RequestLog requests)
    {
        Session = session;
        _app = app;
        _stopping = stopping;
        BaseUrl = baseUrl;
        World = world;
        Faults = faults;
        Requests = requests;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>. Absolute links in its pages point here.</summary>
    public Uri BaseUrl { get; }

    public SimulatedWorld World { get; }

    public FaultPlan Faults { get; }

    public RequestLog Requests { get; }

    /// <summary>Who is served: anonymous visitors by default, or only a logged-in session (the login wall).</summary>
    public SimulatedSession Session { get; }

    /// <param name="world">What it serves; it can change while the server runs.</param>
    /// <param name="time">The clock of the request log, Retry-After and slow answers, and of the times pages show
    /// ("5 hours ago"). Defaults to the world's.</param>
    /// <param name="logging">Where its warnings and errors go; default the console.</param>
    /// <param name="ct">Cancels starting.</param>
    public static async Task<SimulatedReddit> StartAsync(
        SimulatedWorld world, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(world);
        var faults = new FaultPlan(world.Seed);
        var requests = new RequestLog();
        var session = new SimulatedSession();
        var stopping = new CancellationTokenSource();
        var handler = new RequestHandler(world, time ?? world.Time, faults, session, requests, stopping.Token);

        // The empty builder reads no appsettings and no ASPNETCORE_* variables: nothing on the machine can move
        // the simulator off loopback or change its port.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        // Warnings and errors only, so test output stays readable; a failing page still shows.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logging is null)
        {
            builder.Logging.AddConsole();
        }
        else
        {
            logging(builder.Logging);
        }

        var app = builder.Build();
        app.Run(handler.HandleAsync);

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.Single();
            handler.Start(address.TrimEnd('/'));
            return new SimulatedReddit(app, stopping, new Uri(address.TrimEnd('/') + "/"), world, faults, session, requests);
        }
        catch
        {
            stopping.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Slow answers wait on the simulator's clock, which a test may never advance: release them first.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
