namespace Lottopar.Grains.Operators;

/// <summary>
/// The scopes under which an operator claims the registration data no other operator may hold (its
/// state's unique keys), each value as registration normalises it: who holds a value is read by scope.
/// </summary>
public static class OperatorUniqueKeys
{
    public const string Cnpj = "operator.cnpj";

    public const string LicenseNumber = "operator.license_number";

    public const string ContactEmail = "operator.contact_email";

    public const string ContactMobile = "operator.contact_mobile";
}
