using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Scraper.Tests.Support;
using Scraper.Web.CommandLine;

namespace Scraper.Tests.CommandLine;

/// <summary>The health verb (the container's HEALTHCHECK) against a real Kestrel on loopback.</summary>
public class HealthVerbTests : IAsyncLifetime
{
    private WebApplication? _app;
    private string _baseUrl = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/health/live":
                    await context.Response.WriteAsync("{\"status\":\"healthy\"}", context.RequestAborted);
                    break;
                case "/unhealthy":
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    break;
                case "/hangs":
                    // Answers only when the client gives up.
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }
        });
        await _app.StartAsync();
        _baseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_TwoHundred_ExitsZeroWithOneLine()
    {
        var (exitCode, output, error) = await RunAsync("health", "--url", _baseUrl + "/health/live");

        Assert.Equal(0, exitCode);
        Assert.Equal("healthy: 200 from " + _baseUrl + "/health/live\n", output);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task Health_ServiceUnavailable_ExitsOneNamingTheStatus()
    {
        var (exitCode, output, error) = await RunAsync("health", "--url", _baseUrl + "/unhealthy");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal("unhealthy: 503 from " + _baseUrl + "/unhealthy\n", error);
    }

    [Fact]
    public async Task Health_NotFound_ExitsOne()
    {
        var (exitCode, _, error) = await RunAsync("health", "--url", _baseUrl + "/health/ready");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("unhealthy: 404 ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoAnswerWithinTheTimeout_ExitsOneSayingSo()
    {
        var (exitCode, _, error) = await RunAsync("health", "--url", _baseUrl + "/hangs", "--timeout", "1");

        Assert.Equal(1, exitCode);
        Assert.Equal("unhealthy: no answer within 1 s from " + _baseUrl + "/hangs\n", error);
    }

    [Fact]
    public async Task Health_NothingListening_ExitsOneSayingItIsUnreachable()
    {
        var url = "http://127.0.0.1:" + LoopbackPort.Free() + "/health/live";

        var (exitCode, _, error) = await RunAsync("health", "--url", url);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("unhealthy: " + url + " unreachable: ", error, StringComparison.Ordinal);
        Assert.Equal(1, error.Count(c => c == '\n'));
    }

    [Fact]
    public async Task Health_NotAnHttpUrl_ExitsOne()
    {
        var (exitCode, _, error) = await RunAsync("health", "--url", "redis:6379");

        Assert.Equal(1, exitCode);
        Assert.Contains("absolute http(s) URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Health_ByDefault_AsksTheContainersOwnLivenessEndpoint()
    {
        Assert.True(Verbs.Handles(["health"]));
        Assert.Equal("http://127.0.0.1:8080/health/live", HealthVerb.DefaultUrl);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await Verbs.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
