using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Scraper.Web.Metrics.Influx;

/// <summary>The OpenTelemetry exporter behind the InfluxDB reader: converts each interval's aggregates and hands
/// them to the writer's buffer, so export never waits on the network.</summary>
public sealed class InfluxExporter(InfluxPointConverter converter, InfluxWriter writer) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        var points = new List<LinePoint>();
        foreach (var metric in batch)
        {
            converter.Convert(metric, points);
        }

        writer.Write(points);
        return ExportResult.Success;
    }
}
