using Scraper.Jobs.Fetching;

namespace Scraper.Tests.Fetching;

/// <summary>The spacing rule both request gates keep, as data in and data out (milliseconds).</summary>
public class SlotRuleTests
{
    private const long Interval = 100;

    [Fact]
    public void Reserve_QueuedWaiters_GetSlotsOneIntervalApartFromTheFreeOne()
    {
        var (first, next) = SlotRule.Reserve(now: 1_000, next: 0, coolUntil: 0, Interval);
        var (second, after) = SlotRule.Reserve(now: 1_001, next, coolUntil: 0, Interval);

        Assert.Equal(1_000, first);
        Assert.Equal(1_100, second);
        Assert.Equal(1_200, after);
    }

    [Fact]
    public void Reserve_DuringACoolDown_GivesASlotAtItsEnd()
    {
        Assert.Equal(5_000, SlotRule.Reserve(now: 1_000, next: 1_100, coolUntil: 5_000, Interval).Slot);
    }

    [Fact]
    public void Commit_WaiterWokeLateButTheLastRequestWentOutLessThanAnIntervalAgo_WaitsForTheSpacing()
    {
        // Slot 1,000; the waiter of the slot before it was let through late and wrote its request at 1,050.
        var (verdict, wait) = SlotRule.Commit(now: 1_060, slot: 1_000, coolUntil: 0, lastSent: 1_050, heldFor: 0, Interval);

        Assert.Equal(SlotVerdict.Wait, verdict);
        Assert.Equal(90, wait);
    }

    [Fact]
    public void Commit_AnotherRequestOnTheWireUnanswered_WaitsAPollAndAsksAgain()
    {
        var (verdict, wait) = SlotRule.Commit(now: 2_000, slot: 1_000, coolUntil: 0, lastSent: 1_000, heldFor: 9_000, Interval);

        Assert.Equal(SlotVerdict.Wait, verdict);
        Assert.Equal(SlotRule.Poll(Interval), wait);
    }

    [Fact]
    public void Commit_CoolDownBegunWhileWaiting_LosesTheSlot()
    {
        Assert.Equal(SlotVerdict.Lost, SlotRule.Commit(now: 1_000, slot: 1_000, coolUntil: 3_000, lastSent: 0, heldFor: 0, Interval).Verdict);
    }

    [Fact]
    public void Commit_SlotComeSpacingPassedWireFree_Sends()
    {
        Assert.Equal(
            (SlotVerdict.Send, 0L), SlotRule.Commit(now: 1_000, slot: 1_000, coolUntil: 900, lastSent: 900, heldFor: 0, Interval));
    }

    [Fact]
    public void Commit_TimerFiredEarly_WaitsTheRestOfTheSlot()
    {
        Assert.Equal((SlotVerdict.Wait, 3L), SlotRule.Commit(now: 997, slot: 1_000, coolUntil: 0, lastSent: 0, heldFor: 0, Interval));
    }
}
