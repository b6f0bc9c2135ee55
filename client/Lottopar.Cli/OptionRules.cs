using System.CommandLine;
using System.Numerics;

namespace Lottopar.Cli;

/// <summary>
/// Range checks attached to the options themselves: a command's validator sees an option that was not
/// given as 0, not as its default, so it cannot check ranges.
/// </summary>
internal static class OptionRules
{
    public static Option<T> AtLeastOne<T>(this Option<T> option)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() < T.One)
            {
                result.AddError($"{option.Name} must be at least 1.");
            }
        });
        return option;
    }

    public static Option<T?> Positive<T>(this Option<T?> option)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value && value <= T.Zero)
            {
                result.AddError($"{option.Name} must be above 0.");
            }
        });
        return option;
    }
}
