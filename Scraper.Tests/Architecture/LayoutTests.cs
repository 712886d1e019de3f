using System.Reflection;
using NetArchTest.Rules;
using Scraper.Jobs.OldReddit;
using Scraper.Web.Hosting;

namespace Scraper.Tests.Architecture;

/// <summary>The floor plan (README's folder map): each assembly's rooms (the namespaces right below its root) in
/// the order they may import each other, bottom first; a room may import only rooms below it, so no import
/// goes in a circle. A new room must be placed here.</summary>
public sealed class LayoutTests
{
    private static readonly Assembly Jobs = typeof(PageKind).Assembly;
    private static readonly Assembly Web = typeof(Settings).Assembly;

    /// <summary>Scraper.Jobs: parsing at the bottom, the jobs on top. Rooms on one line do not import each other.</summary>
    private static readonly string[][] JobsLayers =
    [
        ["Scraper.Jobs.OldReddit", "Scraper.Jobs.Diagnostics"],
        ["Scraper.Jobs.Storage"],
        ["Scraper.Jobs.Metrics"],
        ["Scraper.Jobs.Fetching"],
        ["Scraper.Jobs.Scraping"],
        ["Scraper.Jobs.Discovery"],
    ];

    /// <summary>Scraper.Web: export and sampling at the bottom, the host's wiring above, the verbs on top.</summary>
    private static readonly string[][] WebLayers =
    [
        ["Scraper.Web.Metrics"],
        ["Scraper.Web.Hosting"],
        ["Scraper.Web.CommandLine"],
    ];

    public static TheoryData<string> JobsRooms => [.. JobsLayers.SelectMany(l => l)];

    public static TheoryData<string> WebRooms => [.. WebLayers.SelectMany(l => l)];

    [Fact]
    public void Jobs_KnowsNothingOfTheHostExportOrTheSimulator()
    {
        var result = Types.InAssembly(Jobs).ShouldNot()
            .HaveDependencyOnAny("Microsoft.AspNetCore", "OpenTelemetry", "Scraper.Web", "Scraper.Simulator", "Serilog")
            .GetResult();

        Assert.True(result.IsSuccessful, "Scraper.Jobs imports the host: " + Failing(result));
    }

    [Fact]
    public void Web_DoesNotReferenceTheSimulator()
    {
        Assert.DoesNotContain(Web.GetReferencedAssemblies(), a => a.Name == "Scraper.Simulator");
    }

    [Fact]
    public void Rooms_EveryNamespaceIsPlacedInTheLayout()
    {
        var placed = JobsLayers.Concat(WebLayers).SelectMany(l => l).ToList();
        var unplaced = new[] { Jobs, Web }.SelectMany(a => a.GetTypes())
            .Select(t => t.Namespace)
            .Where(n => n is not null && (n.StartsWith("Scraper.Jobs", StringComparison.Ordinal) || n.StartsWith("Scraper.Web", StringComparison.Ordinal)))
            .Where(n => !placed.Any(room => n == room || n!.StartsWith(room + ".", StringComparison.Ordinal)))
            .Distinct()
            .ToList();

        Assert.True(unplaced.Count == 0, "Namespaces in no room of the layout: " + string.Join(", ", unplaced));
    }

    [Theory]
    [MemberData(nameof(JobsRooms))]
    public void JobsRoom_ImportsOnlyRoomsBelowIt(string room) => AssertImportsOnlyBelow(Jobs, JobsLayers, room);

    [Theory]
    [MemberData(nameof(WebRooms))]
    public void WebRoom_ImportsOnlyRoomsBelowIt(string room) => AssertImportsOnlyBelow(Web, WebLayers, room);

    [Fact]
    public void Rooms_NoImportsGoInACircle()
    {
        foreach (var (assembly, layers) in new[] { (Jobs, JobsLayers), (Web, WebLayers) })
        {
            var rooms = layers.SelectMany(l => l).ToList();
            var imports = rooms.ToDictionary(room => room, room => rooms.Where(other => other != room && Imports(assembly, room, other)).ToList());

            var cycle = Cycles.Find(imports);

            Assert.True(cycle is null, "Imports in a circle: " + string.Join(" → ", cycle ?? []));
        }
    }

    [Fact]
    public void CycleFinder_FindsACircleAndPassesALadder()
    {
        var circle = new Dictionary<string, List<string>> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"], ["d"] = ["a"] };
        var ladder = new Dictionary<string, List<string>> { ["a"] = ["b", "c"], ["b"] = ["c"], ["c"] = [] };

        Assert.Equal(["a", "b", "c", "a"], Cycles.Find(circle));
        Assert.Null(Cycles.Find(ladder));
    }

    private static void AssertImportsOnlyBelow(Assembly assembly, string[][] layers, string room)
    {
        var level = Array.FindIndex(layers, l => l.Contains(room));
        var forbidden = layers.Skip(level).SelectMany(l => l).Where(other => other != room).ToArray();

        var result = Types.InAssembly(assembly).That().ResideInNamespace(room).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        var below = layers.Take(level).SelectMany(l => l).ToList();
        Assert.True(result.IsSuccessful, room + (below.Count == 0 ? " is at the bottom and may import no other room" : " may import only " + string.Join(", ", below))
            + ", but these import a room at or above it: " + Failing(result));
    }

    private static bool Imports(Assembly assembly, string room, string other) =>
        Types.InAssembly(assembly).That().ResideInNamespace(room).And().HaveDependencyOn(other).GetTypes().Any();

    private static string Failing(TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);

    /// <summary>Depth-first search for a circle in a graph of imports.</summary>
    private static class Cycles
    {
        public static List<string>? Find(IReadOnlyDictionary<string, List<string>> imports)
        {
            var done = new HashSet<string>();
            var path = new List<string>();
            foreach (var start in imports.Keys.Order(StringComparer.Ordinal))
            {
                if (Visit(start) is { } cycle)
                {
                    return cycle;
                }
            }

            return null;

            List<string>? Visit(string node)
            {
                if (path.IndexOf(node) is var at and >= 0)
                {
                    return [.. path.Skip(at), node];
                }

                if (!done.Add(node))
                {
                    return null;
                }

                path.Add(node);
                foreach (var next in imports.GetValueOrDefault(node) ?? [])
                {
                    if (Visit(next) is { } cycle)
                    {
                        return cycle;
                    }
                }

                path.RemoveAt(path.Count - 1);
                return null;
            }
        }
    }
}
