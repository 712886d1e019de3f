using System.Text.RegularExpressions;
using Scraper.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Scraper.Tests.Deploy;

/// <summary>docker-compose.yml, checked without a Docker engine: Debian's docker-compose 1.29 validates it (the
/// subset of syntax it and Compose v2 both accept), and the file itself is read for what validation cannot see.</summary>
public partial class ComposeFileTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    /// <summary>The services the app's image runs; everything else is a server they use.</summary>
    private static readonly string[] AppServices = ["web", "worker"];

    private static readonly string[] AppDependencies = ["redis", "postgres", "influxdb"];

    private static readonly Lazy<Dictionary<string, Dictionary<object, object>>> Services = new(ReadServices);

    [Fact]
    public async Task Config_WithTheExampleEnvironment_Validates()
    {
        var (exitCode, error) = await ConfigAsync(File.ReadAllText(Repository.PathOf(".env.example")));

        Assert.True(exitCode == 0, "docker-compose config failed:\n" + error);
    }

    [Fact]
    public async Task Config_WithoutTheSecrets_StopsAndNamesWhatIsMissing()
    {
        var (exitCode, error) = await ConfigAsync(string.Empty);

        Assert.NotEqual(0, exitCode);
        Assert.Matches("set [A-Z_]+ in .env", error);
    }

    [Fact]
    public void Mounts_EveryHostPathAndBuildContext_ExistsInTheRepository()
    {
        var paths = new List<string>();
        foreach (var service in Services.Value.Values)
        {
            foreach (var volume in List(service, "volumes").Cast<string>())
            {
                // host:container[:mode]; a host side that is not a path is a named volume.
                var host = volume.Split(':')[0];
                if (host.StartsWith('.') || host.StartsWith('/'))
                {
                    paths.Add(host);
                }
            }

            if (service.TryGetValue("build", out var build))
            {
                var context = (string)Map(build)["context"];
                paths.Add(context);
                paths.Add(Path.Combine(context, (string)Map(build)["dockerfile"]));
            }
        }

        Assert.Contains("./deploy/grafana/provisioning", paths);
        Assert.All(paths, path => Assert.True(
            Path.Exists(Path.GetFullPath(path, Repository.Directory)), path + " is mounted or built from but is not in the repository."));
    }

    [Fact]
    public void Ports_ArePublishedOnLoopbackOnly()
    {
        var published = Services.Value.SelectMany(s => List(s.Value, "ports")).Cast<string>().ToList();

        Assert.Equal(["127.0.0.1:3000:3000", "127.0.0.1:8080:8080"], published.Order(StringComparer.Ordinal));
        Assert.All(published, port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
    }

    [Fact]
    public void AppServices_WaitForEveryServerTheyUseToBeHealthy()
    {
        foreach (var app in AppServices)
        {
            var dependsOn = Map(Services.Value[app]["depends_on"]);
            Assert.Equal(AppDependencies.Order(StringComparer.Ordinal), dependsOn.Keys.Cast<string>().Order(StringComparer.Ordinal));
            Assert.All(dependsOn.Values, condition => Assert.Equal("service_healthy", Map(condition)["condition"]));
        }

        // A condition needs something to report health: every server has a healthcheck (the apps' is the image's).
        Assert.All(Services.Value.Where(s => !AppServices.Contains(s.Key)), s => Assert.True(s.Value.ContainsKey("healthcheck"), s.Key));
    }

    [Fact]
    public void Worker_HasNoPortsOrContainerName_SoItScales()
    {
        var worker = Services.Value["worker"];

        Assert.False(worker.ContainsKey("ports"));
        Assert.False(worker.ContainsKey("container_name"));
        Assert.Equal("worker", Map(worker["environment"])["Scraper__Role"]);
        Assert.Equal("web", Map(Services.Value["web"]["environment"])["Scraper__Role"]);
    }

    [Fact]
    public void Secrets_ComeFromTheEnvironment_NoneIsWrittenInTheFile()
    {
        foreach (var (name, service) in Services.Value)
        {
            if (!service.TryGetValue("environment", out var environment))
            {
                continue;
            }

            foreach (var (key, value) in Map(environment).Select(e => ((string)e.Key, (string)e.Value)))
            {
                if (SecretName().IsMatch(key))
                {
                    Assert.True(WholeReference().IsMatch(value), name + ": " + key + " must be a ${VARIABLE} from .env, not a value.");
                }

                // Connection strings: the password inside is a reference too.
                foreach (Match password in PasswordInValue().Matches(value))
                {
                    Assert.True(password.Groups["value"].Value.StartsWith("${", StringComparison.Ordinal), name + ": " + key + " holds a password.");
                }
            }
        }
    }

    [Fact]
    public void EnvExample_DefinesEveryVariableTheComposeFileReads()
    {
        var used = VariablesRead().ToHashSet();
        var defined = File.ReadAllLines(Repository.PathOf(".env.example"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2)[0]).ToHashSet();

        Assert.Equal(used.Order(StringComparer.Ordinal), defined.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GitIgnore_KeepsTheEnvironmentFileOutOfTheRepository()
    {
        var lines = File.ReadAllLines(Repository.PathOf(".gitignore"));

        Assert.Contains(".env", lines);
    }

    private static async Task<(int ExitCode, string Error)> ConfigAsync(string environmentFile)
    {
        var compose = ExternalCommand.Find("docker-compose")
            ?? throw new InvalidOperationException("docker-compose is not installed: run the tests with scripts/test.sh, which installs it.");
        using var folder = TempFolder.Create("compose");
        var envFile = folder.PathOf(".env");
        await File.WriteAllTextAsync(envFile, environmentFile);
        // Only the env file speaks: the variables the file reads are removed from docker-compose's environment.
        var environment = VariablesRead().Distinct().ToDictionary(name => name, _ => (string?)null);
        var (exitCode, _, error) = await ExternalCommand.RunAsync(
            compose, ["-f", "docker-compose.yml", "--env-file", envFile, "config", "-q"], Repository.Directory, Deadline, environment);
        return (exitCode, error);
    }

    /// <summary>The variables the file interpolates (comments aside).</summary>
    private static IEnumerable<string> VariablesRead() =>
        File.ReadAllLines(Repository.PathOf("docker-compose.yml"))
            .Where(line => !line.TrimStart().StartsWith('#'))
            .SelectMany(line => Reference().Matches(line))
            .Select(m => m.Groups["name"].Value);

    /// <summary>The services, with YAML merge keys (<c>&lt;&lt;: *app</c>) applied as compose applies them.</summary>
    private static Dictionary<string, Dictionary<object, object>> ReadServices()
    {
        using var reader = File.OpenText(Repository.PathOf("docker-compose.yml"));
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(new MergingParser(new Parser(reader)));
        return Map(document["services"]).ToDictionary(s => (string)s.Key, s => Map(s.Value));
    }

    private static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    private static List<object> List(Dictionary<object, object> service, string key) =>
        service.TryGetValue(key, out var list) ? (List<object>)list : [];

    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}$")]
    private static partial Regex WholeReference();

    [GeneratedRegex("PASSWORD|SECRET|TOKEN|AUTH(?!_ENABLED)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"password=(?<value>[^;,]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInValue();
}
