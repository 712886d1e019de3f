namespace Scraper.Web.Hosting.Dashboard;

/// <summary>Whether a request comes from this machine itself, which may open the dashboard without credentials.</summary>
/// <remarks>Only when its connection comes from a loopback address and it carries no forwarding header. A
/// reverse proxy on the same host connects from loopback for clients anywhere, but says so in <c>Forwarded</c>,
/// <c>X-Forwarded-For</c> or <c>X-Real-IP</c>; Docker's port mapping connects from the bridge's gateway or the
/// client itself, never loopback. The forwarding headers are not trusted for anything else: they can only take
/// access away. (The app does not use the forwarded-headers middleware, so the connection's address is the
/// real peer's.) A proxy on this host that forwards without any such header would make every request local:
/// configure it to send one.</remarks>
internal static class LocalRequest
{
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

    public static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote
        && System.Net.IPAddress.IsLoopback(remote)
        && !ForwardingHeaders.Any(http.Request.Headers.ContainsKey);
}
