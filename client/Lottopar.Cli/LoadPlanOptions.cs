using System.CommandLine;
using Lottopar.Client;

namespace Lottopar.Cli;

/// <summary>The options that make a <see cref="LoadPlan"/>, shared by every load command: open loop at a rate, or closed loop with workers; a duration, a count, or both.</summary>
internal sealed class LoadPlanOptions
{
    private readonly Option<double?> _rate;
    private readonly Option<double?> _duration;
    private readonly Option<long?> _count;
    private readonly Option<int> _maxInFlight;
    private readonly Option<bool> _closedLoop;
    private readonly Option<int> _workers;
    private readonly string _unit;

    /// <param name="unit">What is sent, plural, for the help: "events", "sales".</param>
    public LoadPlanOptions(string unit)
    {
        _unit = unit;
        _rate = new Option<double?>("--rate") { Description = $"Open loop: {unit} started per second" }.Positive();
        _duration = new Option<double?>("--duration") { Description = "Seconds to offer load for" }.Positive();
        _count = new Option<long?>("--count") { Description = $"Stop after this many {unit} (with or without --duration)" }.Positive();
        _maxInFlight = new Option<int>("--max-in-flight") { Description = "Open loop: the most requests in flight at once", DefaultValueFactory = _ => 256 }.AtLeastOne();
        _closedLoop = new Option<bool>("--closed-loop") { Description = "Closed loop: --workers send back to back, to find saturation" };
        _workers = new Option<int>("--workers") { Description = "Closed loop: concurrent workers", DefaultValueFactory = _ => 16 }.AtLeastOne();
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _rate, _duration, _count, _maxInFlight, _closedLoop, _workers })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (!result.GetValue(_closedLoop) && result.GetValue(_rate) is null)
            {
                result.AddError($"Give --rate ({_unit} per second), or --closed-loop with --workers.");
            }

            if (result.GetValue(_duration) is null && result.GetValue(_count) is null)
            {
                result.AddError("Give --duration (seconds), --count, or both.");
            }
        });
    }

    /// <summary>The plan of a command line that passed the validators.</summary>
    public LoadPlan Plan(ParseResult result)
    {
        var time = result.GetValue(_duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return result.GetValue(_closedLoop)
            ? LoadPlan.ClosedLoop(result.GetValue(_workers), time, result.GetValue(_count))
            : LoadPlan.OpenLoop(result.GetValue(_rate)!.Value, time, result.GetValue(_count), result.GetValue(_maxInFlight));
    }
}
