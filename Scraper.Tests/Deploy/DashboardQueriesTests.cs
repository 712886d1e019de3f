using Scraper.Tests.Support;

namespace Scraper.Tests.Deploy;

/// <summary>The helper that turns the dashboards' queries into InfluxQL a test can run.</summary>
public sealed class DashboardQueriesTests
{
    [Theory]
    [InlineData("WHERE \"subreddit\" =~ /^$subreddit$/", "WHERE \"subreddit\" =~ /^(dotnet|python)$/")]
    [InlineData("WHERE \"subreddit\" =~ /^${subreddit}$/", "WHERE \"subreddit\" =~ /^(dotnet|python)$/")]
    [InlineData("WHERE \"subreddit\" =~ /^${subreddit:regex}$/", "WHERE \"subreddit\" =~ /^(dotnet|python)$/")]
    [InlineData("WHERE \"subreddit\" =~ /^[[subreddit]]$/", "WHERE \"subreddit\" =~ /^(dotnet|python)$/")]
    [InlineData("WHERE $timeFilter GROUP BY time($__interval)", "WHERE time > now() - 1h GROUP BY time(1m)")]
    [InlineData("SELECT sum(\"increment\") * 60000 / $__interval_ms", "SELECT sum(\"increment\") * 60000 / 60000")]
    public void Fill_EachGrafanaVariableForm_PutsTheValueIn(string query, string expected)
    {
        var variables = DashboardQueries.Variables(subreddit: "(dotnet|python)", interval: TimeSpan.FromMinutes(1));

        Assert.Equal(expected, DashboardQueries.Fill(query, variables));
    }

    [Fact]
    public void Fill_VariableWithNoValue_Throws()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => DashboardQueries.Fill("WHERE \"job\" =~ /^$job$/", DashboardQueries.Variables()));

        Assert.Contains("$job", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PanelQueries_AllDashboards_NameDashboardAndPanelAndLeaveNoVariable()
    {
        var queries = DashboardQueries.PanelQueries(DashboardQueries.Variables());

        Assert.Contains(queries, q => q.Dashboard == "Scraper overview" && q.Panel == "Discovery run ledger");
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Query.Replace("$/", "/", StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
