namespace Lottopar.Grains.Lottery;

/// <summary>One failed rule, named by the JSON path of the field it concerns ("draws[2].closingTime").</summary>
public sealed record FieldError(string Field, string Message);
