using System.Text.RegularExpressions;
using Scraper.Tests.Support;
using YamlDotNet.Serialization;

namespace Scraper.Tests.Deploy;

/// <summary>Grafana's provisioning under <c>deploy/grafana</c>: files Grafana would load, dashboards that all read
/// the one provisioned InfluxDB, and InfluxQL that InfluxDB 1.x accepts.</summary>
public sealed partial class GrafanaProvisioningTests
{
    private const string DataSourceUid = "scraper-influxdb";

    private static string ProvisioningFolder => Path.Combine(DashboardQueries.GrafanaFolder, "provisioning");

    [Fact]
    public void ProvisioningYaml_EveryFile_Parses()
    {
        var files = Directory.EnumerateFiles(ProvisioningFolder, "*.y*ml", SearchOption.AllDirectories).ToList();

        Assert.Equal(3, files.Count);
        Assert.All(files, file => Assert.Equal("1", Yaml(file)["apiVersion"]));
    }

    [Fact]
    public void DataSource_Provisioned_IsTheDefaultInfluxQlSourceWithAFixedUidAndEnvironmentCredentials()
    {
        var source = Assert.Single(Items(Yaml(Path.Combine(ProvisioningFolder, "datasources", "influxdb.yaml")), "datasources"));

        Assert.Equal(DataSourceUid, source["uid"]);
        Assert.Equal("influxdb", source["type"]);
        Assert.Equal("http://influxdb:8086", source["url"]);
        Assert.Equal("true", source["isDefault"]);
        Assert.Equal("${INFLUXDB_READ_USER}", source["user"]);
        var jsonData = (Dictionary<object, object>)source["jsonData"];
        Assert.Equal("InfluxQL", jsonData["version"]);
        Assert.Equal("${INFLUXDB_DB}", jsonData["dbName"]);
        Assert.Equal("${INFLUXDB_READ_USER_PASSWORD}", ((Dictionary<object, object>)source["secureJsonData"])["password"]);
    }

    [Fact]
    public void DashboardProvider_Provisioned_LoadsTheMountedFolderIntoScraper()
    {
        var provider = Assert.Single(Items(Yaml(Path.Combine(ProvisioningFolder, "dashboards", "scraper.yaml")), "providers"));

        Assert.Equal("file", provider["type"]);
        Assert.Equal("Scraper", provider["folder"]);
        Assert.Equal("/var/lib/grafana/dashboards", ((Dictionary<object, object>)provider["options"])["path"]);
    }

    [Fact]
    public void Dashboards_EveryFile_ParsesWithAUniqueUid()
    {
        var dashboards = DashboardQueries.Dashboards();

        Assert.Equal(["hangfire.json", "overview.json", "submissions.json"], dashboards.Select(d => Path.GetFileName(d.Path)));
        var uids = dashboards.Select(d => d.Json.GetProperty("uid").GetString()).ToList();
        Assert.All(uids, uid => Assert.False(string.IsNullOrEmpty(uid)));
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Fact]
    public void Dashboards_EveryPanelTargetAndVariable_UsesTheProvisionedDataSourceByUid()
    {
        var users = from dashboard in DashboardQueries.Dashboards()
                    from element in dashboard.Panels
                        .Concat(dashboard.Panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()))
                        .Concat(dashboard.Variables)
                    select (dashboard.Title, Element: element);

        Assert.All(users, user =>
        {
            var source = user.Element.GetProperty("datasource");
            Assert.Equal("influxdb", source.GetProperty("type").GetString());
            Assert.Equal(DataSourceUid, source.GetProperty("uid").GetString());
        });
    }

    [Fact]
    public void Dashboards_EveryPanel_HasAtLeastOneRawInfluxQlQuery()
    {
        var panels = DashboardQueries.Dashboards().SelectMany(d => d.Panels.Select(p => (d.Title, Panel: p))).ToList();

        Assert.NotEmpty(panels);
        Assert.All(panels, item =>
        {
            var targets = item.Panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.All(targets, target =>
            {
                Assert.True(target.GetProperty("rawQuery").GetBoolean(), $"{item.Title} / {item.Panel.GetProperty("title")}: not raw");
                Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("query").GetString()));
            });
        });
    }

    [Fact]
    public void Dashboards_Every_HasAMultiValueSubredditVariableWithAll()
    {
        Assert.All(DashboardQueries.Dashboards(), dashboard =>
        {
            var subreddit = Assert.Single(dashboard.Variables, v => v.GetProperty("name").GetString() == "subreddit");
            Assert.True(subreddit.GetProperty("multi").GetBoolean());
            Assert.True(subreddit.GetProperty("includeAll").GetBoolean());
            Assert.Equal("SHOW TAG VALUES FROM \"submissions_scraped\" WITH KEY = \"subreddit\"",
                subreddit.GetProperty("query").GetString());
        });
    }

    [Fact]
    public void Dashboards_HeatmapPanels_ReadBucketCountsGroupedByLe()
    {
        var heatmaps = DashboardQueries.Dashboards()
            .SelectMany(d => d.Panels)
            .Where(p => p.GetProperty("type").GetString() == "heatmap")
            .ToList();

        Assert.NotEmpty(heatmaps);
        Assert.All(heatmaps.SelectMany(DashboardQueries.Targets), target =>
        {
            Assert.Contains("sum(\"bucket\")", target.GetProperty("query").GetString(), StringComparison.Ordinal);
            Assert.Contains(", \"le\"", target.GetProperty("query").GetString(), StringComparison.Ordinal);
            Assert.Equal("$tag_le", target.GetProperty("alias").GetString());
        });
    }

    // A misspelt measurement runs without error on any database (it is just empty), so check names against the
    // schema instead.
    [Fact]
    public void Dashboards_EveryMeasurement_IsOneTheMetricsSchemaDescribes()
    {
        var schema = File.ReadAllText(Path.Combine(DashboardQueries.GrafanaFolder, "..", "..", "docs", "metrics.md"));
        var documented = BacktickedName().Matches(schema).Select(m => m.Groups["name"].Value).ToHashSet();

        var used = DashboardQueries.PanelQueries(DashboardQueries.Variables())
            .Concat(DashboardQueries.VariableQueries(DashboardQueries.Variables()))
            .SelectMany(q => FromMeasurement().Matches(q.Query).Select(m => (q, Measurement: m.Groups["name"].Value)))
            .ToList();

        Assert.NotEmpty(used);
        Assert.All(used, use => Assert.True(documented.Contains(use.Measurement), $"{use.q}: {use.Measurement} is not in docs/metrics.md"));
    }

    [Fact]
    public async Task Dashboards_EveryQuery_RunsOnAnEmptyDatabaseWithoutInfluxQlError()
    {
        // The data source's database comes from INFLUXDB_DB; its name does not matter to InfluxQL.
        const string database = "scraper";
        await using var influx = await InfluxServer.StartAsync();
        await influx.CreateDatabaseAsync(database);

        // All subreddits, one, several; Grafana's shortest step and a longer one.
        IReadOnlyDictionary<string, string>[] settings =
        [
            DashboardQueries.Variables(),
            DashboardQueries.Variables(subreddit: "dotnet", host: "web-1", interval: TimeSpan.FromMinutes(1)),
            DashboardQueries.Variables(subreddit: "(dotnet|python)", timeFilter: "time >= 1700000000000ms and time <= 1700003600000ms"),
        ];
        var failures = new List<string>();
        foreach (var variables in settings)
        {
            foreach (var query in DashboardQueries.PanelQueries(variables).Concat(DashboardQueries.VariableQueries(variables)))
            {
                try
                {
                    await influx.QueryAsync(database, query.Query);
                }
                catch (InvalidOperationException e)
                {
                    failures.Add($"{query.Dashboard} / {query.Panel}: {e.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void AlertRules_Provisioned_CoverSessionLostNothingStored429sAndFailuresOnTheProvisionedSource()
    {
        var rules = AlertRules().ToList();

        Assert.Equal(
            ["scraper-session-lost", "scraper-nothing-stored", "scraper-too-many-429", "scraper-scrape-failures"],
            rules.Select(r => (string)r["uid"]));
        Assert.All(rules, rule =>
        {
            var data = ((List<object>)rule["data"]).Cast<Dictionary<object, object>>().ToList();
            var refIds = data.Select(d => (string)d["refId"]).ToList();
            Assert.Contains((string)rule["condition"], refIds);
            Assert.Equal(DataSourceUid, data[0]["datasourceUid"]);
            Assert.All(data.Skip(1), expression => Assert.Equal("__expr__", expression["datasourceUid"]));
        });
    }

    [Fact]
    public async Task AlertRules_EveryQuery_RunsOnInfluxDbWithoutInfluxQlError()
    {
        const string database = "scraper";
        await using var influx = await InfluxServer.StartAsync();
        await influx.CreateDatabaseAsync(database);
        var variables = DashboardQueries.Variables();

        foreach (var rule in AlertRules())
        {
            var model = (Dictionary<object, object>)((List<object>)rule["data"]).Cast<Dictionary<object, object>>().First()["model"];
            var query = DashboardQueries.Fill((string)model["query"], variables);

            var series = await influx.QueryAsync(database, query);

            Assert.Empty(series); // an InfluxQL error throws; an empty database answers no series
        }
    }

    private static IEnumerable<Dictionary<object, object>> AlertRules() =>
        from groupObject in (List<object>)Yaml(Path.Combine(ProvisioningFolder, "alerting", "scraper.yaml"))["groups"]
        from rule in (List<object>)((Dictionary<object, object>)groupObject)["rules"]
        select (Dictionary<object, object>)rule;

    private static Dictionary<string, object> Yaml(string path) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(path));

    private static List<Dictionary<object, object>> Items(Dictionary<string, object> yaml, string key) =>
        [.. ((List<object>)yaml[key]).Cast<Dictionary<object, object>>()];

    [GeneratedRegex("`(?<name>[a-z_]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex("FROM \"(?<name>[^\"]+)\"")]
    private static partial Regex FromMeasurement();
}
