using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Scraper.Tests.Support;

/// <summary>One InfluxQL query of a provisioned Grafana dashboard, with the template variables filled in.
/// <see cref="Panel"/> is the panel's title, or <c>$name</c> for a template variable's own query.</summary>
internal sealed record DashboardQuery(string Dashboard, string Panel, string RefId, string Query)
{
    public override string ToString() => $"{Dashboard} / {Panel} / {RefId}: {Query}";
}

/// <summary>One dashboard file under <c>deploy/grafana/dashboards</c>, parsed.</summary>
internal sealed record DashboardFile(string Path, JsonElement Json)
{
    public string Title => Json.GetProperty("title").GetString() ?? string.Empty;

    /// <summary>Every panel that draws something: rows are left out, panels inside collapsed rows are in.</summary>
    public IEnumerable<JsonElement> Panels => Flatten(Json);

    /// <summary>The template variables (<c>templating.list</c>).</summary>
    public IEnumerable<JsonElement> Variables =>
        Json.TryGetProperty("templating", out var templating) && templating.TryGetProperty("list", out var list)
            ? list.EnumerateArray()
            : [];

    private static IEnumerable<JsonElement> Flatten(JsonElement parent)
    {
        if (!parent.TryGetProperty("panels", out var panels))
        {
            yield break;
        }

        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() != "row")
            {
                yield return panel;
            }

            foreach (var nested in Flatten(panel))
            {
                yield return nested;
            }
        }
    }
}

/// <summary>The InfluxQL of every provisioned dashboard, ready to run against a test InfluxDB: read the files, fill
/// in the variables as Grafana would, run each query.
/// <code>
/// foreach (var query in DashboardQueries.PanelQueries(DashboardQueries.Variables(subreddit: "dotnet")))
///     await influx.QueryAsync("scraper", query.Query);
/// </code></summary>
internal static partial class DashboardQueries
{
    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    /// <summary><c>deploy/grafana</c> in this repository: <c>provisioning/</c> and <c>dashboards/</c>.</summary>
    public static string GrafanaFolder => Path.Combine(RepositoryRoot.Value, "deploy", "grafana");

    public static string DashboardsFolder => Path.Combine(GrafanaFolder, "dashboards");

    /// <summary>Every <c>*.json</c> under <see cref="DashboardsFolder"/>, in name order.</summary>
    public static IReadOnlyList<DashboardFile> Dashboards() =>
    [
        .. Directory.EnumerateFiles(DashboardsFolder, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                return new DashboardFile(path, document.RootElement.Clone());
            }),
    ];

    /// <summary>The values Grafana would put in for the dashboards' variables. Multi-value variables take the regex
    /// text Grafana writes for them: <c>.*</c> for All (the dashboards' <c>allValue</c>), <c>dotnet</c> for one,
    /// <c>(dotnet|python)</c> for several.</summary>
    public static IReadOnlyDictionary<string, string> Variables(
        string subreddit = ".*",
        string host = ".*",
        string timeFilter = "time > now() - 1h",
        TimeSpan? interval = null)
    {
        var step = interval ?? TimeSpan.FromSeconds(10);
        return new Dictionary<string, string>
        {
            ["subreddit"] = subreddit,
            ["host"] = host,
            ["timeFilter"] = timeFilter,
            ["__interval"] = GrafanaInterval(step),
            ["__interval_ms"] = ((long)step.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Every query of every panel, variables filled in from <paramref name="variables"/>.</summary>
    public static IReadOnlyList<DashboardQuery> PanelQueries(IReadOnlyDictionary<string, string> variables) =>
    [
        .. from dashboard in Dashboards()
           from panel in dashboard.Panels
           from target in Targets(panel)
           select new DashboardQuery(
               dashboard.Title,
               panel.GetProperty("title").GetString() ?? string.Empty,
               target.TryGetProperty("refId", out var refId) ? refId.GetString() ?? string.Empty : string.Empty,
               Fill(target.GetProperty("query").GetString() ?? string.Empty, variables)),
    ];

    /// <summary>The query of every query-type template variable (the <c>SHOW TAG VALUES</c> that lists
    /// subreddits, say), variables filled in.</summary>
    public static IReadOnlyList<DashboardQuery> VariableQueries(IReadOnlyDictionary<string, string> variables) =>
    [
        .. from dashboard in Dashboards()
           from variable in dashboard.Variables
           where variable.GetProperty("type").GetString() == "query"
           select new DashboardQuery(
               dashboard.Title,
               "$" + variable.GetProperty("name").GetString(),
               string.Empty,
               Fill(VariableQuery(variable), variables)),
    ];

    /// <summary>The panel's targets that carry a query (all of them, in these dashboards: raw InfluxQL).</summary>
    public static IEnumerable<JsonElement> Targets(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets)
            ? targets.EnumerateArray().Where(t => t.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String)
            : [];

    /// <summary>Puts <paramref name="variables"/> in for Grafana's forms <c>$name</c>, <c>${name}</c>,
    /// <c>${name:format}</c> and <c>[[name]]</c>. Values go in as given, whatever the format: the caller gives the
    /// text Grafana would write. A variable the caller did not give is an error, not left for InfluxDB to trip on.</summary>
    public static string Fill(string query, IReadOnlyDictionary<string, string> variables) =>
        VariablePattern().Replace(query, match =>
        {
            var name = match.Groups["name"].Value;
            return variables.TryGetValue(name, out var value)
                ? value
                : throw new KeyNotFoundException($"The query uses ${name}, which no value was given for: {query}");
        });

    // Newer Grafana stores an InfluxDB variable's query as { "query": "SHOW ..." }, older as the string itself.
    private static string VariableQuery(JsonElement variable)
    {
        var query = variable.GetProperty("query");
        return (query.ValueKind == JsonValueKind.Object ? query.GetProperty("query") : query).GetString() ?? string.Empty;
    }

    // Grafana's own interval text: 10s, 1m, 1h, 500ms.
    private static string GrafanaInterval(TimeSpan step) =>
        step.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)step.TotalHours}h"
        : step.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)step.TotalMinutes}m"
        : step.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)step.TotalSeconds}s"
        : $"{(long)step.TotalMilliseconds}ms";

    // ${name} or ${name:format}, [[name]] or [[name:format]], $name. A '$' before '/' (a regex's end anchor, as in
    // /^$subreddit$/) is no variable.
    [GeneratedRegex(@"\$\{(?<name>\w+)(?::[^}]*)?\}|\[\[(?<name>\w+)(?::\w+)?\]\]|\$(?<name>\w+)")]
    private static partial Regex VariablePattern();

    // The repository root is the folder with Scraper.sln, above the test binaries.
    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Scraper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No Scraper.sln above " + AppContext.BaseDirectory + ": cannot find deploy/grafana.");
    }
}
