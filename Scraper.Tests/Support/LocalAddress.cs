using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Scraper.Tests.Support;

/// <summary>An address of this machine that is not loopback: a request the app receives on it comes from that
/// address, so the app sees a connection from elsewhere without the test leaving the machine.</summary>
internal static class LocalAddress
{
    public static IPAddress NonLoopback() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException(
            "This machine has no IPv4 address besides loopback: the dashboard's non-local tests need one (any interface that is up).");
}
