using System.Text.Json;

namespace Lottopar.Sandbox.Psp;

/// <summary>Errors as the API Pix writes them: type under https://pix.bcb.gov.br/api/v2/error/, title, status, detail, violações.</summary>
public static class PixProblems
{
    public static IResult Of(int status, string type, string title, string detail, params (string Propriedade, string Razao)[] violacoes) =>
        Results.Json(new
        {
            type = "https://pix.bcb.gov.br/api/v2/error/" + type,
            title,
            status,
            detail,
            violacoes = violacoes.Length == 0 ? null : violacoes.Select(v => new { razao = v.Razao, propriedade = v.Propriedade }),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull },
        "application/problem+json", status);

    public static IResult AccessDenied() => Of(403, "AcessoNegado", "Acesso Negado", "Requisição de participante autenticado que viola alguma regra de autorização.");

    public static IResult Unauthorized() => Of(401, "NaoAutorizado", "Não autorizado", "Token de acesso ausente, inválido ou expirado.");
}
