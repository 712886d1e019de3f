using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Storage;

/// <summary>What the record keeps beyond the page itself: whether a deletion erases the text seen before it
/// (<c>Scraper:KeepDeletedContent</c>), the ages a newly stored submission is to be visited again at
/// (<c>Scraper:Revisits</c>), and how many "continue this thread" pages a visit follows (<c>Scraper:ContinueThreads</c>).</summary>
public sealed record RecordPolicy(bool KeepDeletedContent, IReadOnlyList<TimeSpan> RevisitAges, int ContinueThreads = 0)
{
    /// <summary>Keeps deleted text; plans no revisits.</summary>
    public static RecordPolicy Default { get; } = new(KeepDeletedContent: true, RevisitAges: []);

    /// <summary>Who removed a thing, in the words of the Pushshift dumps' <c>removed_by_category</c>: the author
    /// (<c>deleted</c>), reddit (a takedown: the page says "Removed by Reddit") or the moderators; null while it
    /// is there.</summary>
    internal static string? RemovedBy(RemovalState state, string title) => state switch
    {
        RemovalState.Deleted => "deleted",
        RemovalState.Removed when string.Equals(title, Markup.Text.RemovedByReddit, StringComparison.OrdinalIgnoreCase) => "reddit",
        RemovalState.Removed => "moderator",
        _ => null,
    };
}
