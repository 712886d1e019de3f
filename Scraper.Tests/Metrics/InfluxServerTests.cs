using Scraper.Tests.Support;

namespace Scraper.Tests.Metrics;

/// <summary>The test InfluxDB speaks the 1.x HTTP API the reporter writes to and Grafana reads from.</summary>
public sealed class InfluxServerTests
{
    private const string Database = "scraper";

    // Two points of one series, 10 s apart, written the way the reporter writes them (precision=ms).
    private static readonly long Start = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
    private static readonly string TwoPoints =
        $"submissions_scraped,app=scraper,host=test,role=all,subreddit=dotnet total=3,increment=3 {Start}\n" +
        $"submissions_scraped,app=scraper,host=test,role=all,subreddit=dotnet total=5,increment=2 {Start + 10_000}\n";

    [Fact]
    public async Task Query_AfterWritingLineProtocol_ReturnsThePoints()
    {
        await using var influx = await InfluxServer.StartAsync();
        await influx.CreateDatabaseAsync(Database);

        await influx.WriteAsync(Database, TwoPoints);

        var series = Assert.Single(await influx.QueryAsync(Database,
            "SELECT \"increment\" FROM \"submissions_scraped\" WHERE \"subreddit\" = 'dotnet' AND time > now() - 1h GROUP BY \"subreddit\""));
        Assert.Equal("submissions_scraped", series.Name);
        Assert.Equal("dotnet", series.Tags!["subreddit"]);
        Assert.Equal([3.0, 2.0], series.Column("increment").Select(v => v.GetDouble()));
    }

    [Fact]
    public async Task Query_SumOfIncrements_AddsUpAcrossPoints()
    {
        await using var influx = await InfluxServer.StartAsync();
        await influx.CreateDatabaseAsync(Database);
        await influx.WriteAsync(Database, TwoPoints);

        var series = Assert.Single(await influx.QueryAsync(Database,
            "SELECT sum(\"increment\") FROM \"submissions_scraped\" WHERE time > now() - 1h"));

        Assert.Equal(5.0, Assert.Single(series.Column("sum")).GetDouble());
    }

    [Fact]
    public async Task Restart_AfterKill_KeepsWrittenPointsOnTheSamePort()
    {
        await using var influx = await InfluxServer.StartAsync();
        await influx.CreateDatabaseAsync(Database);
        await influx.WriteAsync(Database, TwoPoints);
        var url = influx.Url;

        await influx.StopAsync();
        await influx.RestartAsync();

        Assert.Equal(url, influx.Url);
        var series = Assert.Single(await influx.QueryAsync(Database,
            "SELECT count(\"total\") FROM \"submissions_scraped\" WHERE time > now() - 1h"));
        Assert.Equal(2, Assert.Single(series.Column("count")).GetInt32());
    }

    [Fact]
    public async Task Query_ThatDoesNotParse_ThrowsWithTheServersMessage()
    {
        await using var influx = await InfluxServer.StartAsync();
        await influx.CreateDatabaseAsync(Database);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => influx.QueryAsync(Database, "SELEC \"total\" FROM \"submissions_scraped\""));

        Assert.Contains("error parsing query", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ThatFailsToRun_ThrowsWithTheServersMessage()
    {
        await using var influx = await InfluxServer.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => influx.QueryAsync("missing", "SELECT \"total\" FROM \"submissions_scraped\""));

        Assert.Contains("database not found", error.Message, StringComparison.Ordinal);
    }
}
