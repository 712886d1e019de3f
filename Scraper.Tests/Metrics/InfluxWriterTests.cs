using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Scraper.Web.Metrics.Influx;
using Scraper.Tests.Support;

namespace Scraper.Tests.Metrics;

/// <summary>The writer against a real influxd, which the tests stop and start to make outages.</summary>
public sealed class InfluxWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger<InfluxWriter> _log = new();
    private InfluxServer _influx = null!;

    public async Task InitializeAsync() => _influx = await InfluxServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _influx.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Write_DatabaseMissing_CreatesItAndThePointsArrive()
    {
        await using var writer = await StartWriterAsync("fresh_db");

        writer.Value.Write(Points("m", 0, 250));
        await writer.Value.FlushAsync(Timeout());

        Assert.Equal(250, await CountAsync("fresh_db", "m"));
        Assert.DoesNotContain(_log.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Outage_InfluxDownThenUp_OneWarningOneRecoveryAndEveryPointArrives()
    {
        await using var writer = await StartWriterAsync("outage");
        writer.Value.Write(Points("m", 0, 10));
        await writer.Value.FlushAsync(Timeout());

        await _influx.StopAsync();
        writer.Value.Write(Points("m", 10, 10));
        await WaitForAsync(() => Warnings().Count == 1);
        for (var i = 0; i < 5; i++)
        {
            // Flushes that keep failing meanwhile: each write waits until the writer has tried again and failed.
            var failed = writer.FailedRequests;
            writer.Value.Write(Points("m", 20 + (i * 10), 10));
            await WaitForAsync(() => writer.FailedRequests > failed);
        }

        await _influx.RestartAsync();
        await writer.Value.FlushAsync(Timeout());
        writer.Value.Write(Points("m", 70, 10));
        await writer.Value.FlushAsync(Timeout());

        Assert.Equal(80, await CountAsync("outage", "m"));
        var warning = Assert.Single(Warnings());
        Assert.Contains(_influx.Url.Authority, warning.Message, StringComparison.Ordinal);
        Assert.Single(_log.Collector.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("answers again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outage_LongerThanTheBufferHolds_DropsTheOldestAndCountsThem()
    {
        var dropped = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == InfluxWriter.PointsDroppedName && instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>())
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, total, _, _) => Interlocked.Exchange(ref dropped, total));
        listener.Start();
        await using var writer = await StartWriterAsync("full", bufferPoints: 1_000);
        await _influx.StopAsync();
        writer.Value.Write(Points("m", 0, 1));
        await WaitForAsync(() => Warnings().Count == 1); // the writer now holds that point, retrying

        writer.Value.Write(Points("m", 1, 1_500));
        await _influx.RestartAsync();
        await writer.Value.FlushAsync(Timeout());

        listener.RecordObservableInstruments();
        Assert.Equal(500, Interlocked.Read(ref dropped));
        var rows = await _influx.QueryAsync("full", "SELECT \"n\" FROM \"m\"");
        var kept = rows.Single().Column("n").Select(v => v.GetInt64()).Order().ToList();
        Assert.Equal([0L, .. Enumerable.Range(501, 1_000).Select(n => (long)n)], kept);
    }

    private List<FakeLogRecord> Warnings() => _log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();

    private async Task<Started> StartWriterAsync(string database, int bufferPoints = 200_000)
    {
        var options = new InfluxOptions
        {
            Url = _influx.Url.ToString(),
            Database = database,
            Timeout = TimeSpan.FromSeconds(1),
            FlushInterval = TimeSpan.FromSeconds(1),
            BufferPoints = bufferPoints,
        };
        var requests = new FailureCounter();
        var writer = new InfluxWriter(
            new HttpClient(requests, disposeHandler: false), Options.Create(options), _services.GetRequiredService<IMeterFactory>(), TimeProvider.System, _log);
        await writer.StartAsync(CancellationToken.None);
        return new Started(writer, requests);
    }

    // One point per number, a millisecond apart, so none overwrites another.
    private static IEnumerable<LinePoint> Points(string measurement, int first, int count) =>
        Enumerable.Range(first, count).Select(n => new LinePoint(
            measurement, [new("host", "test")], [new("n", (long)n)], 1_700_000_000_000 + n));

    private async Task<long> CountAsync(string database, string measurement)
    {
        var series = await _influx.QueryAsync(database, "SELECT count(\"n\") FROM \"" + measurement + "\"");
        return series.Single().Column("count").Single().GetInt64();
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(Deadline).Token;

    private static Task WaitForAsync(Func<bool> condition) =>
        Poll.UntilAsync(condition, Deadline, () => "the condition did not hold within " + Deadline, TimeSpan.FromMilliseconds(20));

    /// <summary>Counts the writer's requests that got no answer (InfluxDB down): what the test can see of its
    /// retries.</summary>
    private sealed class FailureCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failed);
                throw;
            }
        }
    }

    private sealed class Started(InfluxWriter writer, FailureCounter requests) : IAsyncDisposable
    {
        public InfluxWriter Value => writer;

        /// <summary>The writer's requests so far that got no answer.</summary>
        public int FailedRequests => requests.Failed;

        public async ValueTask DisposeAsync()
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
            requests.Dispose();
        }
    }
}
