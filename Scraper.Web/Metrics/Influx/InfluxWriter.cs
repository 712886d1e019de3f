using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Scraper.Web.Metrics.Influx;

/// <summary>Sends points to InfluxDB's <c>/write</c> in batches, from a bounded buffer, on its own loop: callers
/// only enqueue, so InfluxDB being down or slow never holds up scraping. A failed batch is retried with backoff
/// until InfluxDB answers; while it does not, the buffer fills and then drops its oldest points, which are
/// counted. An outage is logged once when it starts and once when it ends.</summary>
public sealed class InfluxWriter : BackgroundService
{
    /// <summary>The meter of export's own instruments: InfluxDB's only, so not on Scraper's meter.</summary>
    public const string MeterName = "Scraper.Export";

    /// <summary>Points dropped because InfluxDB was away longer than the buffer holds.</summary>
    public const string PointsDroppedName = "metrics_points_dropped";

    private const int MaxBatchPoints = 5_000;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly HttpClient _http;
    private readonly InfluxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxWriter> _logger;
    private readonly Channel<string> _lines;
    private readonly string _displayUrl;
    private readonly Uri _writeUrl;
    private readonly Uri _queryUrl;
    private bool _databaseReady;
    private long? _outageStarted;
    private long _droppedInOutage;
    private long _dropped;
    private int _inFlight;

    public InfluxWriter(HttpClient http, IOptions<InfluxOptions> options, IMeterFactory meters, TimeProvider time, ILogger<InfluxWriter> logger)
    {
        _options = options.Value;
        _http = http;
        // Observed rather than added to, so that it reports 0 (not nothing) until a point is dropped.
        meters.Create(MeterName).CreateObservableCounter(PointsDroppedName, () => Interlocked.Read(ref _dropped), null,
            "Metric points dropped because InfluxDB was unreachable for longer than the buffer holds.");
        _time = time;
        _logger = logger;
        var baseUrl = new Uri(_options.Url.TrimEnd('/') + "/");
        _displayUrl = baseUrl.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped);
        _writeUrl = new Uri(baseUrl, "write?db=" + Uri.EscapeDataString(_options.Database) + "&precision=" + LineProtocol.Precision);
        _queryUrl = new Uri(baseUrl, "query");
        if (_options.Username.Length > 0)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_options.Username + ":" + _options.Password)));
        }

        _http.Timeout = _options.Timeout;
        _lines = Channel.CreateBounded<string>(
            new BoundedChannelOptions(_options.BufferPoints) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Dropped(1));
    }

    /// <summary>Queues points for the next batch; never waits. Points without a writable field are skipped.</summary>
    public void Write(IEnumerable<LinePoint> points)
    {
        var line = new StringBuilder();
        foreach (var point in points)
        {
            line.Clear();
            if (LineProtocol.Append(line, point))
            {
                _lines.Writer.TryWrite(line.ToString());
            }
        }
    }

    /// <summary>Waits until everything queued so far has been sent (or <paramref name="cancellationToken"/>
    /// fires): for shutdown and tests.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_lines.Reader.Count > 0 || Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new StringBuilder();
        while (await _lines.Reader.WaitToReadAsync(stoppingToken))
        {
            Interlocked.Exchange(ref _inFlight, 1);
            var points = 0;
            while (points < MaxBatchPoints && _lines.Reader.TryRead(out var line))
            {
                batch.Append(line).Append('\n');
                points++;
            }

            var delay = FirstRetryDelay;
            while (!await TrySendAsync(batch, points, stoppingToken))
            {
                await Task.Delay(delay, _time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.FlushInterval.Ticks));
            }

            batch.Clear();
            Interlocked.Exchange(ref _inFlight, 0);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // What the last interval queued goes out if InfluxDB answers soon; shutdown does not wait on an outage.
        if (_outageStarted is null)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.Timeout);
            try
            {
                await FlushAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // Unsent points are lost with the process, as they would be in any crash.
            }
        }

        await base.StopAsync(cancellationToken);
    }

    /// <returns>False when the batch should be sent again later.</returns>
    private async Task<bool> TrySendAsync(StringBuilder batch, int points, CancellationToken stoppingToken)
    {
        string? error;
        try
        {
            if (!_databaseReady)
            {
                _databaseReady = await CreateDatabaseAsync(stoppingToken);
            }

            using var content = new StringContent(batch.ToString(), Encoding.UTF8, "text/plain");
            using var response = await _http.PostAsync(_writeUrl, content, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                Recovered();
                return true;
            }

            var body = await response.Content.ReadAsStringAsync(stoppingToken);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                // Points InfluxDB refuses (a field's type changed, say) would be refused forever: drop them.
                Recovered();
                MetricsLog.InfluxRejectedPoints(_logger, _displayUrl, points, body.Trim());
                Dropped(points);
                return true;
            }

            _databaseReady &= response.StatusCode != HttpStatusCode.NotFound;
            error = (int)response.StatusCode + " " + body.Trim();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? "no answer within " + _options.Timeout.TotalSeconds + " s" : e.Message;
        }

        if (_outageStarted is null)
        {
            _outageStarted = _time.GetTimestamp();
            Interlocked.Exchange(ref _droppedInOutage, 0);
            MetricsLog.InfluxUnreachable(_logger, _displayUrl, error, _options.BufferPoints);
        }

        return false;
    }

    /// <returns>Whether writing may go ahead: the database exists, or this user may not create it (then it was
    /// created by whoever set the user up).</returns>
    private async Task<bool> CreateDatabaseAsync(CancellationToken stoppingToken)
    {
        using var form = new FormUrlEncodedContent([new("q", "CREATE DATABASE \"" + _options.Database + "\"")]);
        using var response = await _http.PostAsync(_queryUrl, form, stoppingToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return true;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    private void Recovered()
    {
        if (_outageStarted is { } started)
        {
            _outageStarted = null;
            var outage = _time.GetElapsedTime(started).TotalSeconds;
            var dropped = Interlocked.Read(ref _droppedInOutage);
            MetricsLog.InfluxRecovered(_logger, _displayUrl, outage, dropped);
        }
    }

    private void Dropped(long points)
    {
        Interlocked.Add(ref _droppedInOutage, points);
        Interlocked.Add(ref _dropped, points);
    }
}
