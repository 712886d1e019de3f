using System.Globalization;
using Microsoft.AspNetCore.Http;
using Scraper.Simulator.Rendering;
using Scraper.Simulator.World;

namespace Scraper.Simulator.Hosting;

/// <summary>Answers one request: route, fault, page, log. The only code here that knows HTTP.</summary>
internal sealed class RequestHandler(
    SimulatedWorld world,
    TimeProvider time,
    FaultPlan faults,
    SimulatedSession session,
    RequestLog log,
    CancellationToken stopping)
{
    private const string Html = "text/html; charset=UTF-8";

    private PageRenderer? _renderer;
    private string _site = string.Empty;

    /// <summary>Set once the port is known, before the address is handed to anyone.</summary>
    public void Start(string site)
    {
        _site = site;
        _renderer = new PageRenderer(PageTemplates.Instance, site);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var renderer = _renderer ?? throw new InvalidOperationException("The simulator is not started.");
        var arrival = time.GetUtcNow();
        var request = context.Request;
        var route = Route.Match(request.Method, request.Path.Value);
        var tooEarly = log.IsTooEarly(arrival);
        var fault = faults.Choose(route.Kind);
        string? account = null;
        var sessionSent = false;

        if (fault?.Kind == FaultKind.Slow)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(fault.Delay, time, either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up or the simulator is stopping: nobody is waiting for this answer.
                Record(0);
                context.Abort();
                return;
            }
        }

        if (fault?.Kind == FaultKind.ConnectionReset)
        {
            Record(0);
            context.Abort();
            return;
        }

        var response = context.Response;
        if (fault?.Kind is FaultKind.Nested or FaultKind.Huge or FaultKind.Endless or FaultKind.Trickle)
        {
            Record(StatusCodes.Status200OK);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = Html;
            await DamagedBody.WriteAsync(response, fault, HttpMethods.IsHead(request.Method), time, stopping).ConfigureAwait(false);
            return;
        }

        using var page = new PageWriter();
        int status;
        switch (fault?.Kind)
        {
            case FaultKind.TooManyRequests:
                status = StatusCodes.Status429TooManyRequests;
                var seconds = (long)Math.Ceiling(fault.Delay.TotalSeconds);
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                log.Announce(arrival.AddSeconds(seconds));
                page.Raw("<html><head><title>Too Many Requests</title></head><body><h1>whoa there, pardner!</h1><p>you are doing that too much. try again later.</p></body></html>"u8);
                break;
            case FaultKind.ServerError:
                status = fault.Status;
                page.Raw("<html><head><title>"u8);
                page.Number(status);
                page.Raw("</title></head><body><h1>all of our servers are busy right now</h1><p>please try again in a minute</p></body></html>"u8);
                break;
            case FaultKind.Blocked:
                status = fault.Status;
                renderer.Blocked(page);
                break;
            default:
                status = Access(renderer, request, response, page, ref account, ref sessionSent) ?? Render(renderer, route, request, page, account);
                break;
        }

        Record(status);
        response.StatusCode = status;
        response.ContentType = Html;
        var body = page.Written;
        if (fault?.Kind == FaultKind.Truncated)
        {
            // No Content-Length: the transfer ends cleanly, only the page is cut short.
            body = body[..(int)(body.Length * fault.Keep)];
        }
        else
        {
            response.ContentLength = body.Length;
        }

        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        try
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client left part way through the page: there is nobody to answer, and nothing to report.
        }

        void Record(int sent) => log.Add(new RequestRecord(
            arrival,
            time.GetUtcNow() - arrival,
            request.Path.Value + request.QueryString.Value,
            route.Kind,
            sent,
            request.Headers["X-Client-Id"].FirstOrDefault(),
            fault?.Kind,
            tooEarly,
            sessionSent,
            account is not null));
    }

    /// <summary>The network block and the login wall, before any page: the status to answer with, or null to render
    /// the page (for <paramref name="account"/> when the session is required and was sent).</summary>
    private int? Access(
        PageRenderer renderer, HttpRequest request, HttpResponse response, PageWriter page, ref string? account, ref bool sessionSent)
    {
        if (session.NetworkBlock)
        {
            renderer.NetworkSecurityBlock(page);
            return StatusCodes.Status403Forbidden;
        }

        if (request.Path.StartsWithSegments("/login", StringComparison.OrdinalIgnoreCase))
        {
            PageRenderer.SignIn(page);
            return StatusCodes.Status200OK;
        }

        var (served, sent) = session.Check(request.Headers.Cookie);
        sessionSent = sent;
        if (!served)
        {
            // reddit's answer to a visitor without a session since July 2026.
            response.Headers.Location = _site + "/login/?reason=lor2";
            page.Raw("<html><body>Redirecting to <a href=\"/login/?reason=lor2\">/login/</a></body></html>"u8);
            return StatusCodes.Status302Found;
        }

        if (session.Required)
        {
            account = session.Account;
        }

        return null;
    }

    private int Render(PageRenderer renderer, Route route, HttpRequest request, PageWriter page, string? account)
    {
        var state = world.State;
        var now = time.GetUtcNow();
        var over18 = request.Cookies["over18"] == "1";
        SubredditState? subreddit;
        if (route.Kind == RouteKind.Listing && Combination.IsCombined(route.Subreddit))
        {
            // /r/a+b+c/new/: see Combination for what reddit makes of members it does not have or cannot show.
            var combination = Combination.Resolve(state, route.Subreddit!);
            if (combination is { Members.Length: > 1 })
            {
                renderer.CombinedListing(page, state, combination.Name, combination.Shown(over18), Query(request), now, world.ShowAds, account);
                return StatusCodes.Status200OK;
            }

            subreddit = combination?.Members[0];
        }
        else
        {
            subreddit = route.Subreddit is null ? null : state.Subreddit(route.Subreddit);
        }

        if (route.Kind == RouteKind.Other || subreddit is null)
        {
            renderer.NotFound(page);
            return StatusCodes.Status404NotFound;
        }

        if (subreddit.IsPrivate)
        {
            renderer.Private(page, subreddit.Name);
            return StatusCodes.Status403Forbidden;
        }

        // reddit sets this cookie when the reader clicks "continue" on the gate.
        if (subreddit.IsNsfw && !over18)
        {
            renderer.Over18(page);
            return StatusCodes.Status200OK;
        }

        if (route.Kind == RouteKind.Listing)
        {
            renderer.Listing(page, state, subreddit, Query(request), now, world.ShowAds, account);
            return StatusCodes.Status200OK;
        }

        var post = state.Posts.GetValueOrDefault(route.Id!);
        if (post is null || !string.Equals(post.Subreddit, subreddit.Name, StringComparison.Ordinal))
        {
            renderer.NotFound(page);
            return StatusCodes.Status404NotFound;
        }

        int? root = null;
        if (route.Comment is { } comment && (root = Expectations.CommentIndex(post, comment)) is null)
        {
            renderer.NotFound(page);
            return StatusCodes.Status404NotFound;
        }

        renderer.Submission(page, subreddit, post, now, account, root);
        return StatusCodes.Status200OK;
    }

    private static ListingQuery Query(HttpRequest request)
    {
        var query = request.Query;
        return ListingQuery.Read(query["limit"].FirstOrDefault(), query["count"].FirstOrDefault(),
            query["after"].FirstOrDefault(), query["before"].FirstOrDefault());
    }
}
