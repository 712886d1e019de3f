using System.Collections;
using System.Text.Json;
using Scraper.Tests.Support;
using Scraper.Web.CommandLine;

namespace Scraper.Tests.Deploy;

/// <summary>deploy/Dockerfile, checked without a Docker engine: its build stage replayed on this machine from
/// exactly the files its COPY lines take (filtered by .dockerignore), and the shape of the final stage.</summary>
public class DockerfileTests
{
    private static readonly Dockerfile Image = Dockerfile.Read(Repository.PathOf("deploy/Dockerfile"));

    [Fact]
    public async Task BuildStage_ReplayedFromOnlyTheCopiedFiles_PublishesTheEntryPointAssemblyWithoutTheSimulator()
    {
        var (flags, words) = Image.Final.All("COPY").Select(c => c.Split()).Single(c => c.Flags.ContainsKey("from"));
        using var root = TempFolder.Create("docker-build");

        var ran = await ReplayAsync(Image.Named(flags["from"]), root.Path);

        Assert.Contains(ran, command => command.StartsWith("dotnet restore ", StringComparison.Ordinal));
        Assert.Contains(ran, command => command.StartsWith("dotnet publish ", StringComparison.Ordinal));
        // What the final stage copies out of the build stage holds the assembly its ENTRYPOINT runs.
        var published = OnHost(root.Path, words[0]);
        Assert.True(File.Exists(Path.Combine(published, EntryPointAssembly())), "No " + EntryPointAssembly() + " in " + words[0]);
        // The app only: the test double (the simulated old.reddit) and the sandbox host around it stay out.
        var files = Directory.EnumerateFiles(published, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain("Scraper.Simulator.dll", files);
        Assert.DoesNotContain("Scraper.Sandbox.dll", files);
    }

    [Fact]
    public void FinalStage_RunsOnTheAspNetRuntimeAsTheImagesNonRootUser()
    {
        Assert.Contains("/dotnet/aspnet:", Image.Final.Image, StringComparison.Ordinal);
        Assert.Equal("$APP_UID", Image.Final.All("USER").Last().Arguments);
        Assert.DoesNotContain(Image.Final.All("COPY"), c => !c.Split().Flags.ContainsKey("from"));
    }

    [Fact]
    public void Healthcheck_ExecForm_RunsTheHealthVerbOfTheEntryPointAssembly()
    {
        var (_, words) = Image.Final.All("HEALTHCHECK").Single().Split();

        Assert.Equal("CMD", words[0]);
        // Exec form (a JSON array): no shell, which the check does not need.
        var command = JsonSerializer.Deserialize<string[]>(string.Join(' ', words.Skip(1)))!;
        Assert.Equal("dotnet", command[0]);
        Assert.Equal(EntryPointAssembly(), Path.GetFileName(command[1]));
        Assert.Equal("health", command[2]);
        Assert.True(Verbs.Handles(command[2..]));
    }

    private static string EntryPointAssembly()
    {
        var entryPoint = JsonSerializer.Deserialize<string[]>(Image.Final.All("ENTRYPOINT").Single().Arguments)!;
        Assert.Equal("dotnet", entryPoint[0]);
        return entryPoint[1];
    }

    /// <summary>Runs the stage's WORKDIR, COPY and RUN lines with <paramref name="root"/> standing for the
    /// image's "/", and returns the commands run. Only <c>dotnet</c> commands are run: anything else would run on
    /// this machine, not in an image, so a new kind of line has to be taught to this test first.</summary>
    private static async Task<List<string>> ReplayAsync(Dockerfile.Stage stage, string root)
    {
        var ignore = DockerIgnore.Read(Repository.PathOf(".dockerignore"));
        var workdir = "/";
        var ran = new List<string>();
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Path.GetFullPath(instruction.Arguments, workdir);
                    Directory.CreateDirectory(OnHost(root, workdir));
                    break;
                case "COPY":
                    Copy(instruction, ignore, root, workdir);
                    break;
                case "RUN":
                    Assert.StartsWith("dotnet ", instruction.Arguments, StringComparison.Ordinal);
                    // Docker's shell form is /bin/sh -c.
                    var (exitCode, output, error) = await ExternalCommand.RunAsync(
                        "sh", ["-c", instruction.Arguments], OnHost(root, workdir), TimeSpan.FromMinutes(10), BuildEnvironment(root));
                    Assert.True(exitCode == 0, instruction.Arguments + " failed (" + exitCode + "):\n" + output + error);
                    ran.Add(instruction.Arguments);
                    break;
                default:
                    throw new NotSupportedException("The replay does not know " + instruction.Keyword + ": teach it before using it.");
            }
        }

        return ran;
    }

    /// <summary>COPY from the build context: a file to the destination (into it, when it ends in "/" or there are
    /// several sources), a folder's content into the destination; what .dockerignore leaves out is not there.</summary>
    private static void Copy(Dockerfile.Instruction instruction, DockerIgnore ignore, string root, string workdir)
    {
        var (flags, words) = instruction.Split();
        Assert.False(flags.ContainsKey("from"), "The build stage copies from the build context only.");
        var sources = words.Take(words.Count - 1).ToList();
        var destinationIsFolder = words[^1].EndsWith('/') || sources.Count > 1;
        var destination = OnHost(root, Path.GetFullPath(words[^1], workdir));
        foreach (var source in sources)
        {
            Assert.DoesNotContain('*', source);
            var relative = Path.GetRelativePath(Repository.Directory, Repository.PathOf(source)).Replace('\\', '/');
            var onDisk = Repository.PathOf(relative);
            if (Directory.Exists(onDisk))
            {
                foreach (var file in Directory.EnumerateFiles(onDisk, "*", SearchOption.AllDirectories))
                {
                    var inContext = Path.GetRelativePath(Repository.Directory, file).Replace('\\', '/');
                    if (!ignore.Excludes(inContext))
                    {
                        var target = Path.Combine(destination, Path.GetRelativePath(onDisk, file));
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.Copy(file, target, overwrite: true);
                    }
                }
            }
            else
            {
                Assert.True(File.Exists(onDisk) && !ignore.Excludes(relative), "COPY " + source + ": not in the build context.");
                var target = destinationIsFolder ? Path.Combine(destination, Path.GetFileName(onDisk)) : destination;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(onDisk, target, overwrite: true);
            }
        }
    }

    private static string OnHost(string root, string imagePath) => Path.Join(root, imagePath);

    /// <summary>The test runner's environment less what it sets for its own MSBuild (a child build would load the
    /// wrong one), no build servers left running after the test, and the image's own /tmp, so that what MSBuild and
    /// NuGet leave there goes with the replay's folder.</summary>
    private static Dictionary<string, string?> BuildEnvironment(string root)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => (string)e.Key)
            .Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(key => key, _ => (string?)null);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["TMPDIR"] = Directory.CreateDirectory(OnHost(root, "/tmp")).FullName;
        return environment;
    }
}
