using System.CommandLine;

namespace Lottopar.Cli;

/// <summary><c>lottopar pos</c>: a POS terminal's side of the lottery sale web service (/webSale.jsp).</summary>
internal static class PosCommand
{
    public static Command Create(CliHost host)
    {
        var pos = new Command("pos", "A POS terminal's calls to the lottery sale web service (/webSale.jsp). No API key: the platform knows the provider by its address.");
        pos.Subcommands.Add(PosSellCommand.Create(host));
        pos.Subcommands.Add(PosTicketCommands.Cancel(host));
        pos.Subcommands.Add(PosTicketCommands.Pay(host));
        pos.Subcommands.Add(PosTicketCommands.Check(host));
        pos.Subcommands.Add(PosResultsCommand.Create(host));
        return pos;
    }
}
