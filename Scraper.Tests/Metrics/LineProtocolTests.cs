using Scraper.Web.Metrics.Influx;

namespace Scraper.Tests.Metrics;

public class LineProtocolTests
{
    private static LinePoint Point(string measurement, (string, string)[] tags, params (string, object)[] fields) =>
        new(measurement, tags.Select(t => new KeyValuePair<string, string>(t.Item1, t.Item2)).ToList(),
            fields.Select(f => new KeyValuePair<string, object>(f.Item1, f.Item2)).ToList(), 1_700_000_000_123);

    [Fact]
    public void Format_PlainPoint_WritesTagsSortedFieldsTypedAndTheMillisecondTimestamp()
    {
        var line = LineProtocol.Format(Point("http_responses", [("status", "200"), ("app", "scraper")], ("total", 3.5), ("count", 7L), ("ok", true)));

        Assert.Equal("http_responses,app=scraper,status=200 total=3.5,count=7i,ok=true 1700000000123", line);
    }

    [Fact]
    public void Format_MeasurementWithCommaAndSpace_EscapesThemButNotEqualsSigns()
    {
        Assert.Equal(@"a\,b\ c=d value=1 1700000000123", LineProtocol.Format(Point("a,b c=d", [], ("value", 1.0))));
    }

    [Fact]
    public void Format_TagAndFieldKeysAndValues_EscapeCommasEqualsSignsAndSpaces()
    {
        var line = LineProtocol.Format(Point("m", [("sub reddit", "a,b=c d")], ("field key=", 1L)));

        Assert.Equal(@"m,sub\ reddit=a\,b\=c\ d field\ key\==1i 1700000000123", line);
    }

    [Fact]
    public void Format_StringField_QuotesAndEscapesQuotesAndBackslashesOnly()
    {
        var line = LineProtocol.Format(Point("m", [], ("run", "say \"hi\" \\ , = ok")));

        Assert.Equal("m run=\"say \\\"hi\\\" \\\\ , = ok\" 1700000000123", line);
    }

    [Fact]
    public void Format_LineBreakInATag_BecomesAnEscapedSpace()
    {
        Assert.Equal(@"m,t=a\ b value=1i 1700000000123", LineProtocol.Format(Point("m", [("t", "a\nb")], ("value", 1L))));
    }

    [Fact]
    public void Format_EmptyTagValue_LeavesTheTagOut()
    {
        Assert.Equal("m,b=x value=1i 1700000000123", LineProtocol.Format(Point("m", [("a", ""), ("b", "x")], ("value", 1L))));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Format_NonFiniteField_IsLeftOutAndTheOthersKept(double value)
    {
        Assert.Equal("m min=1 1700000000123", LineProtocol.Format(Point("m", [], ("p99", value), ("min", 1.0))));
    }

    [Fact]
    public void Format_OnlyNonFiniteFields_WritesNoPointAtAll()
    {
        Assert.Null(LineProtocol.Format(Point("m", [("t", "x")], ("p99", double.NaN))));
    }

    [Fact]
    public void Format_Doubles_RoundTripInInvariantCulture()
    {
        var line = LineProtocol.Format(Point("m", [], ("v", 0.1 + 0.2), ("big", 1e21), ("neg", -2.5)));

        Assert.Equal("m v=0.30000000000000004,big=1E+21,neg=-2.5 1700000000123", line);
    }
}
