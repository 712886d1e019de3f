using Scraper.Jobs.Fetching;
using Scraper.Jobs.OldReddit;

namespace Scraper.Jobs.Scraping;

/// <summary>A page came back as a named outcome instead of the page asked for. Two kinds, because Hangfire's retry
/// rule tells them apart by type: <see cref="PermanentPageException"/> and <see cref="TransientPageException"/>.</summary>
public abstract class PageRefusedException(Uri url, PageKind kind, string? reason)
    : Exception(url.PathAndQuery + ": " + PageKindNames.Of(kind) + (reason is null ? string.Empty : " (" + reason + ")"))
{
    public PageKind Kind { get; } = kind;

    /// <summary>The one place an outcome becomes an exception: transient outcomes (a block page, a cut-off body) are
    /// worth asking again, the others not.</summary>
    public static PageRefusedException For<TPage>(Fetched<TPage> fetched)
        where TPage : class =>
        fetched.Result.Kind.IsTransient()
            ? new TransientPageException(fetched.Url, fetched.Result.Kind, fetched.Result.Reason)
            : new PermanentPageException(fetched.Url, fetched.Result.Kind, fetched.Result.Reason);
}
