using System.CommandLine;
using System.Globalization;
using FtActors.Lab.Topologies;

namespace FtActors.Cli.Commands;

/// <summary><c>ftactors lab topology create|list|rm|probe</c>.</summary>
internal static class LabTopologyCommands
{
    public static Command Build()
    {
        var topology = new Command("topology", "Nodes as network namespaces joined by shaped links (needs root).");
        topology.Subcommands.Add(BuildCreate());
        topology.Subcommands.Add(BuildList());
        topology.Subcommands.Add(BuildRemove());
        topology.Subcommands.Add(BuildProbe());
        return topology;
    }

    private static Command BuildCreate()
    {
        var name = new Argument<string>("name") { Description = "Topology name: 1-8 lowercase letters/digits; namespaces are ftlab-NAME-1..N." };
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes (2: a veth pair; more: a bridge).", DefaultValueFactory = _ => 2 };
        var rate = new Option<string>("--rate") { Description = "Link rate on every node's link: 1gbit, 10gbit, 100mbit, unlimited.", DefaultValueFactory = _ => "1gbit" };
        var command = new Command("create", "Create a topology.");
        command.Arguments.Add(name);
        command.Options.Add(nodes);
        command.Options.Add(rate);
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab topology create", async () =>
        {
            var linkRate = LinkRate.Parse(parse.GetValue(rate)!);
            var topo = await Topology.CreateAsync(parse.GetValue(name)!, parse.GetValue(nodes), linkRate, cancellationToken: ct).ConfigureAwait(false);
            WriteNodes(topo.State);
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command BuildList()
    {
        var command = new Command("list", "List topologies and any ftlab-* namespace without a record.");
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab topology list", async () =>
        {
            var (topologies, orphans) = await Topology.ListAsync(ct).ConfigureAwait(false);
            LabOutput.Table(
                ["topology", "rate", "subnet", "nodes"],
                topologies.Select(t => new[] { t.Name, t.Rate, t.Subnet, string.Join(' ', t.Nodes.Select(n => $"{n.Namespace}={n.Address}")) }));
            foreach (var ns in orphans)
            {
                Console.Error.WriteLine($"lab topology list: namespace {ns} has no topology record; `ftactors lab cleanup` removes it");
            }

            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command BuildRemove()
    {
        var name = new Argument<string?>("name") { Description = "Topology to remove.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Remove every ftlab-* namespace." };
        var command = new Command("rm", "Remove a topology: guests inside it, its namespaces (and so its links) and its record.");
        command.Arguments.Add(name);
        command.Options.Add(all);
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab topology rm", async () =>
        {
            var n = parse.GetValue(name);
            if (parse.GetValue(all) == (n is not null))
            {
                Console.Error.WriteLine("lab topology rm: give either a topology name or --all");
                return CliApp.ExitUsage;
            }

            var removed = n is null
                ? await Topology.RemoveAllAsync(cancellationToken: ct).ConfigureAwait(false)
                : await Topology.RemoveAsync(n, cancellationToken: ct).ConfigureAwait(false);
            foreach (var ns in removed)
            {
                Console.Out.WriteLine($"removed namespace {ns}");
            }

            if (n is not null && removed.Count == 0)
            {
                Console.Error.WriteLine($"lab topology rm: no namespaces named ftlab-{n}-* were there");
            }

            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command BuildProbe()
    {
        var name = new Argument<string>("name") { Description = "Topology to measure." };
        var from = new Option<int>("--from") { Description = "Sending node.", DefaultValueFactory = _ => 1 };
        var to = new Option<int>("--to") { Description = "Receiving node.", DefaultValueFactory = _ => 2 };
        var mb = new Option<int>("--mb") { Description = "MiB to send.", DefaultValueFactory = _ => 1000 };
        var command = new Command("probe", "Measure TCP goodput between two nodes (socat).");
        command.Arguments.Add(name);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(mb);
        command.SetAction((parse, ct) => LabOutput.GuardAsync("lab topology probe", async () =>
        {
            var topo = await Topology.OpenAsync(parse.GetValue(name)!, cancellationToken: ct).ConfigureAwait(false);
            var bps = await LinkProbe.MeasureAsync(topo, parse.GetValue(from), parse.GetValue(to), parse.GetValue(mb), ct).ConfigureAwait(false);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{topo.Name} {topo.State.Rate}: {bps / 1e9:0.00} Gbit/s goodput ({parse.GetValue(mb)} MiB)"));
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static void WriteNodes(TopologyState state) =>
        LabOutput.Table(
            ["node", "namespace", "address", "rate"],
            state.Nodes.Select(n => new[] { n.Index.ToString(CultureInfo.InvariantCulture), n.Namespace, n.Address, state.Rate }));
}
