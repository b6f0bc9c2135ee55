namespace Lottopar.Client.Payments;

/// <summary>The platform refused what a payments load needs before it starts: a player's payout account.</summary>
public sealed class PaymentsLoadSetupException(string message) : Exception(message);
