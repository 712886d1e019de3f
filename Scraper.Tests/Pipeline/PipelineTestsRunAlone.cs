namespace Scraper.Tests.Pipeline;

/// <summary>The in-process pipeline tests: one at a time (Hangfire keeps its configuration in statics), and
/// alone (an OpenTelemetry meter provider listens to every meter named "Scraper" in the process, so another
/// test's measurements would be counted in a pipeline test's InfluxDB).</summary>
[CollectionDefinition("Pipeline", DisableParallelization = true)]
public sealed class PipelineTestsRunAlone;
