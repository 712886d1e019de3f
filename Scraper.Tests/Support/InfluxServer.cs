using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scraper.Tests.Support;

/// <summary>A real influxd (InfluxDB 1.x, the HTTP API and InfluxQL Grafana's data source speaks) of the test's
/// own: loopback only, free ports, meta, data and WAL in a temp folder. Started and stopped by the test, so a test
/// can also kill it and start it again on the same port and data.</summary>
internal sealed class InfluxServer : ServerProcess
{
    private readonly int _rpcPort;
    private readonly HttpClient _http;

    private InfluxServer(int port, int rpcPort, TempFolder folder)
        : base(port, folder)
    {
        _rpcPort = rpcPort;
        _http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The HTTP API's base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Url => new("http://127.0.0.1:" + Port + "/");

    protected override string Name => "influxd";

    protected override string Answering => "answer /ping with 204";

    public static Task<InfluxServer> StartAsync()
    {
        var executable = Executable();
        var port = LoopbackPort.Free();
        int rpcPort;
        do
        {
            rpcPort = LoopbackPort.Free();
        }
        while (rpcPort == port);

        return StartedAsync(new InfluxServer(port, rpcPort, TempFolder.Create("influx")), server => server.StartInfluxdAsync(executable));
    }

    /// <summary>Kills the server if it runs (as a crash would), then starts it again on the same port and data
    /// and waits until it answers <c>/ping</c>.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartInfluxdAsync(Executable());
    }

    public Task CreateDatabaseAsync(string database) => QueryAsync(database, "CREATE DATABASE \"" + database + "\"");

    /// <summary>Writes line protocol to <paramref name="database"/>, timestamps in <paramref name="precision"/>
    /// (Scraper writes <c>ms</c>).</summary>
    public async Task WriteAsync(string database, string lineProtocol, string precision = "ms")
    {
        using var content = new StringContent(lineProtocol, Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(
            "write?db=" + Uri.EscapeDataString(database) + "&precision=" + precision, content);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException(
                $"influxd refused the write ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Runs InfluxQL against <paramref name="database"/> and returns every series of every statement.
    /// Throws with the server's own message when the query does not parse or a statement fails.</summary>
    public async Task<IReadOnlyList<InfluxSeries>> QueryAsync(string database, string influxql)
    {
        using var form = new FormUrlEncodedContent([new("db", database), new("q", influxql)]);
        using var response = await _http.PostAsync("query", form);
        var body = await response.Content.ReadAsStringAsync();
        QueryResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<QueryResponse>(body);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"influxd answered {(int)response.StatusCode} with no JSON: {body}", e);
        }

        // A query that does not parse is a 400 with a top-level error; a statement that fails is a 200 with the
        // error on that statement's result.
        var error = parsed?.Error ?? parsed?.Results?.Select(r => r.Error).FirstOrDefault(e => e is not null);
        if (error is not null || !response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"InfluxQL error: {error ?? body}\nin: {influxql}");
        }

        return [.. (parsed?.Results ?? []).SelectMany(r => r.Series ?? [])];
    }

    private async Task StartInfluxdAsync(string executable)
    {
        var config = Folder.PathOf("influxdb.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            "reporting-enabled = false",
            // The RPC (backup) port binds every interface unless told otherwise.
            $"bind-address = \"127.0.0.1:{_rpcPort}\"",
            "[meta]",
            $"  dir = \"{Folder.PathOf("meta")}\"",
            "  logging-enabled = false",
            "[data]",
            $"  dir = \"{Folder.PathOf("data")}\"",
            $"  wal-dir = \"{Folder.PathOf("wal")}\"",
            "  query-log-enabled = false",
            "[monitor]",
            "  store-enabled = false",
            "[http]",
            $"  bind-address = \"127.0.0.1:{Port}\"",
            "  log-enabled = false",
            "[logging]",
            "  level = \"warn\"",
            "  suppress-logo = true",
            ""));

        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "run", "-config", config },
        };
        // influxd lets INFLUXDB_<SECTION>_<KEY> variables override the file: the config above is the whole truth.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("INFLUXDB_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        await StartProcessAsync(start);
    }

    protected override async Task<bool> AnswersAsync()
    {
        using var ping = await _http.GetAsync("ping");
        return ping.StatusCode == HttpStatusCode.NoContent;
    }

    protected override bool NotAnsweringYet(Exception e) => e is HttpRequestException;

    protected override void Release() => _http.Dispose();

    private static string Executable() => ExternalCommand.Require("influxd", "influxd (InfluxDB 1.x)");

    private sealed record QueryResponse(
        [property: JsonPropertyName("results")] IReadOnlyList<StatementResult>? Results,
        [property: JsonPropertyName("error")] string? Error);

    private sealed record StatementResult(
        [property: JsonPropertyName("series")] IReadOnlyList<InfluxSeries>? Series,
        [property: JsonPropertyName("error")] string? Error);
}

/// <summary>One series of an InfluxQL answer: the measurement, the GROUP BY tags, and rows of
/// <see cref="Columns"/> (the first is <c>time</c>, RFC 3339 text; values are JSON numbers, strings, booleans or
/// null).</summary>
internal sealed record InfluxSeries(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
    [property: JsonPropertyName("values")] IReadOnlyList<IReadOnlyList<JsonElement>> Values)
{
    /// <summary>The values of one column, row by row.</summary>
    public IEnumerable<JsonElement> Column(string name)
    {
        var index = Columns.ToList().IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException($"Series {Name} has no column {name}; it has {string.Join(", ", Columns)}.", nameof(name));
        }

        return Values.Select(row => row[index]);
    }
}
