using System.Net;
using System.Text.Json;
using Scraper.Tests.Support;

namespace Scraper.Tests.Hosting;

/// <summary>/health/live and /health/ready on the real app as a child process.</summary>
public class HealthTests
{
    [Fact]
    public async Task Live_RunningApp_AnswersHealthyWithoutChecks()
    {
        await using var app = await StartAsync([]);

        var (status, body) = await GetAsync(app, "/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Ready_StoreAnswersAndNothingElseConfigured_IsHealthyNamingNoConnectionString()
    {
        await using var app = await StartAsync([]);

        var (status, body) = await GetAsync(app, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateObject().ToList();
        Assert.Equal(["store", "reddit"], checks.Select(c => c.Name));
        Assert.Equal("Healthy", checks[1].Value.GetProperty("status").GetString());
        var store = checks[0];
        Assert.Equal("Healthy", store.Value.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(store.Value.GetProperty("description").GetString()));
        Assert.DoesNotContain("Data Source", body.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.Folder.Path, body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_InfluxDbNotAnswering_IsDegradedButStillReady()
    {
        var port = LoopbackPort.Free();
        await using var app = await StartAsync(new() { ["Influx__Url"] = "http://127.0.0.1:" + port });

        var (status, body) = await GetAsync(app, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("influxdb").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_InfluxDbAnsweringPing_IsHealthy()
    {
        // A stand-in for InfluxDB's /ping (204, as influxd answers), at the network boundary; the credentials in
        // the URL must not be sent.
        using var influx = new HttpListener();
        var port = LoopbackPort.Free();
        influx.Prefixes.Add("http://127.0.0.1:" + port + "/");
        influx.Start();
        var pinged = new List<(string Path, string? Authorization)>();
        var responder = Task.Run(async () =>
        {
            while (true)
            {
                var context = await influx.GetContextAsync();
                lock (pinged)
                {
                    pinged.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"]));
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        });
        await using var app = await StartAsync(new() { ["Influx__Url"] = "http://metrics:hunter2@127.0.0.1:" + port + "/" });

        var (status, body) = await GetAsync(app, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("influxdb").GetProperty("status").GetString());
        lock (pinged)
        {
            Assert.Equal([("/ping", null)], pinged);
        }

        Assert.DoesNotContain("hunter2", body.ToString(), StringComparison.Ordinal);
        influx.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => responder);
    }

    private static async Task<App> StartAsync(Dictionary<string, string> settings)
    {
        var folder = TempFolder.Create("health");
        var environment = AppProcess.IdleEnvironment(folder.Submissions, settings);
        var process = AppProcess.Start(environment);
        try
        {
            return new App(process, (await process.ListeningAsync())[0], folder);
        }
        catch
        {
            await process.DisposeAsync();
            folder.Dispose();
            throw;
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(App app, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(app.Url, path));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private sealed record App(AppProcess Process, Uri Url, TempFolder Folder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            Folder.Dispose();
        }
    }
}
