namespace Lottopar.Silo.BackOffice;

/// <summary>
/// The Portuguese the forms show for a field the platform's rules refused, by the field's path in
/// the request (the API's problem details name the same paths, with their English reasons).
/// </summary>
public static class OfficeFieldMessages
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["legalName"] = "Informe a razão social (até 200 caracteres).",
        ["cnpj"] = "CNPJ inválido: confira os dígitos verificadores.",
        ["license.number"] = "Informe o número da licença (até 50 caracteres).",
        ["license.type"] = "Informe o tipo da licença (até 100 caracteres).",
        ["license.authorizedGames"] = "Liste de 1 a 50 jogos autorizados.",
        ["license.validUntil"] = "A validade não pode ser anterior ao início nem já vencida.",
        ["contact.fullName"] = "Informe o nome completo do contato.",
        ["contact.email"] = "E-mail inválido.",
        ["contact.landline"] = "Telefone fixo inválido: DDD e 8 dígitos, começando por 2 a 5.",
        ["contact.mobile"] = "Celular inválido: DDD e 9 dígitos, começando por 9.",
        ["contact.address.street"] = "Informe o logradouro.",
        ["contact.address.number"] = "Informe o número.",
        ["contact.address.district"] = "Informe o bairro.",
        ["contact.address.city"] = "Informe a cidade.",
        ["contact.address.state"] = "UF inválida (ex.: PR).",
        ["contact.address.postalCode"] = "O CEP tem 8 dígitos (ex.: 80010-000).",
    };

    private static readonly Dictionary<string, string> Conflicts = new(StringComparer.Ordinal)
    {
        ["cnpj"] = "Já existe um operador com este CNPJ.",
        ["license.number"] = "Já existe um operador com este número de licença.",
        ["contact.email"] = "Este e-mail já é o contato de outro operador.",
        ["contact.mobile"] = "Este celular já é o contato de outro operador.",
    };

    public static string Refused(string field) => Messages.GetValueOrDefault(field, "Valor inválido.");

    public static string Taken(string field) => Conflicts.GetValueOrDefault(field, "Este valor já está em uso.");
}
