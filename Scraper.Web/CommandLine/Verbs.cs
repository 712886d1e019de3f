using System.CommandLine;

namespace Scraper.Web.CommandLine;

/// <summary>The command-line verbs of Scraper.Web. Without one of them the app itself starts.</summary>
internal static class Verbs
{
    private static RootCommand Build(TextWriter output, TextWriter error) =>
        new("Scraper: keeps a complete record of the newest submissions of chosen subreddits.")
        {
            ParseVerb.Build(output, error),
            FetchVerb.Build(output, error),
            ExportVerb.Build(output, error),
            HealthVerb.Build(output, error),
            SessionVerb.Build(output, error),
            PlanVerb.Build(output, error),
        };

    public static bool Handles(string[] args) =>
        args.Length > 0 && Build(TextWriter.Null, TextWriter.Null).Subcommands.Any(c => c.Name == args[0]);

    public static Task<int> InvokeAsync(string[] args) => InvokeAsync(args, Console.Out, Console.Error);

    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error) =>
        Build(output, error).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
}
