using Scraper.Jobs.OldReddit;

namespace Scraper.Tests.Support;

/// <summary>Whole-page equality. The records compare their lists (a page's comments and stubs, a stub's child ids)
/// by reference, so those are compared by content here, one by one, and the rest by the records' own equality.</summary>
internal static class PageAssert
{
    public static void Equal(SubmissionPage expected, SubmissionPage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Comments, actual.Comments);
        Assert.Equal(expected.MoreComments.Count, actual.MoreComments.Count);
        for (var i = 0; i < expected.MoreComments.Count; i++)
        {
            Assert.Equal(expected.MoreComments[i].ChildIds, actual.MoreComments[i].ChildIds);
            Assert.Equal(expected.MoreComments[i] with { ChildIds = [] }, actual.MoreComments[i] with { ChildIds = [] });
        }

        Assert.Equal(WithoutLists(expected), WithoutLists(actual));
    }

    private static SubmissionPage WithoutLists(SubmissionPage page) => page with { Comments = [], MoreComments = [] };
}
