using System.Security.Cryptography;
using System.Text.Json;

namespace Lottopar.Sandbox.Psp;

/// <summary>Faults armed for the sandbox PSP's charge creation.</summary>
public sealed class PspFaults : SimulatedFaults;

/// <summary>
/// The sandbox's controls of its PSP, on its plain HTTP port with the admin token: accounts (a
/// receiver's PIX key and API credentials), payments of charges as a payer's bank would make them,
/// faults. What a real PSP does on its own, the tests and LOTTOPAR's admins trigger here.
/// </summary>
public static class PspSandboxApi
{
    public static IEndpointRouteBuilder MapPspSandboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/psp-sandbox");
        group.MapPost("/accounts", CreateAccountAsync);
        group.MapPost("/pay", PayAsync);
        group.MapPost("/faults", (HttpContext context, PspFaults faults, SandboxAdmin admin) => faults.ArmAsync(context, admin));
        group.MapPost("/dict", SetKeyAsync);
        group.MapPost("/pagamentos/devolver", ReturnPayoutAsync);
        group.MapPost("/pagamentos/faults", (HttpContext context, PayoutFaults faults, SandboxAdmin admin) => faults.ArmAsync(context, admin));
        return app;
    }

    /// <summary>
    /// {"nome", "cidade", "pagamento_automatico_ms", "saldo_inicial"} -> 201 {"client_id", "client_secret",
    /// "chave"}: the secret is shown once. With pagamento_automatico_ms, each charge naming a debtor is
    /// paid by that debtor so long after it is made; saldo_inicial (centavos) is what the account holds
    /// before any PIX, for payouts.
    /// </summary>
    private static async Task<IResult> CreateAccountAsync(HttpContext context, PspStore store, SandboxAdmin admin, TimeProvider clock)
    {
        if (admin.Refuse(context) is { } refused)
        {
            return refused;
        }

        var body = await JsonBodies.ReadAsync(context);
        var name = JsonBodies.Text(body?["nome"]);
        var city = JsonBodies.Text(body?["cidade"]) ?? "CURITIBA";
        var autoPay = body?["pagamento_automatico_ms"]?.GetValueKind() == JsonValueKind.Number ? body["pagamento_automatico_ms"]!.GetValue<int>() : (int?)null;
        var openingBalance = body?["saldo_inicial"]?.GetValueKind() == JsonValueKind.Number ? body["saldo_inicial"]!.GetValue<long>() : 0;
        if (string.IsNullOrWhiteSpace(name) || autoPay is < 0 or > 3_600_000 || openingBalance is < 0 or > 1_000_000_000_000)
        {
            return Results.Json(new { erro = "nome obrigatorio; pagamento_automatico_ms de 0 a 3600000; saldo_inicial de 0 a 1000000000000 centavos" }, statusCode: 422);
        }

        var clientId = "sbx-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var account = await store.CreateAccountAsync(name, city, autoPay, openingBalance, clock.GetUtcNow(), clientId, secret, context.RequestAborted);
        return Results.Json(new { client_id = clientId, client_secret = secret, chave = account.Chave }, statusCode: 201);
    }

    /// <summary>
    /// {"chave", "txid", "pagador_cpf", "pagador_nome", "ignorar_expiracao"} -> 201 with the PIX:
    /// the charge's amount, paid by that person. 404 for no such charge, 409 when it is not active
    /// or has expired (unless told to ignore the expiry: a late payment).
    /// </summary>
    private static async Task<IResult> PayAsync(HttpContext context, PspStore store, SandboxAdmin admin, PspPayer payer)
    {
        if (admin.Refuse(context) is { } refused)
        {
            return refused;
        }

        var body = await JsonBodies.ReadAsync(context);
        var chave = JsonBodies.Text(body?["chave"]);
        var txid = JsonBodies.Text(body?["txid"]);
        var payerCpf = JsonBodies.Text(body?["pagador_cpf"]);
        var payerName = JsonBodies.Text(body?["pagador_nome"]) ?? "Pagador do Sandbox";
        if (chave is null || txid is null || payerCpf is not { Length: 11 } || !payerCpf.All(char.IsAsciiDigit))
        {
            return Results.Json(new { erro = "chave, txid e pagador_cpf (11 digitos) obrigatorios" }, statusCode: 422);
        }

        var cob = await store.FindCobAsync(chave, txid, context.RequestAborted);
        if (cob is null)
        {
            return Results.Json(new { erro = "cobranca inexistente" }, statusCode: 404);
        }

        var (paid, error) = await payer.PayAsync(cob, payerCpf, payerName, body?["ignorar_expiracao"]?.GetValueKind() == JsonValueKind.True, context.RequestAborted);
        return paid is null
            ? Results.Json(new { erro = error }, statusCode: 409)
            : Results.Json(new { endToEndId = paid.EndToEndId, txid, valor = PixValues.Amount(paid.Centavos), horario = paid.Horario }, statusCode: 201);
    }

    /// <summary>
    /// {"chave", "cpf", "nome"} -> 200: registers a PIX key (e-mail, +55 phone, random UUID, or a CPF)
    /// for that holder, or moves it to a new holder, as a portability or a claim would.
    /// </summary>
    private static async Task<IResult> SetKeyAsync(HttpContext context, PayoutStore store, SandboxAdmin admin, TimeProvider clock)
    {
        if (admin.Refuse(context) is { } refused)
        {
            return refused;
        }

        var body = await JsonBodies.ReadAsync(context);
        var chave = JsonBodies.Text(body?["chave"]);
        var cpf = JsonBodies.Text(body?["cpf"]);
        var nome = JsonBodies.Text(body?["nome"]) ?? "Titular do Sandbox";
        var tipo = chave is null ? null : PixKeyDirectory.TypeOf(chave);
        if (tipo is null || cpf is null || !SandboxCpf.IsValid(cpf))
        {
            return Results.Json(new { erro = "chave (CPF, e-mail, +55..., ou UUID) e cpf (11 digitos validos) obrigatorios" }, statusCode: 422);
        }

        var entry = new DictEntry(chave!, tipo, cpf, nome, PixKeyDirectory.BankIspb, "0001", cpf[..8]);
        await store.SetKeyAsync(entry, clock.GetUtcNow(), context.RequestAborted);
        return Results.Json(new { entry.Chave, tipoChave = entry.Tipo, titular = new { entry.Cpf, entry.Nome } });
    }

    /// <summary>
    /// {"chave", "id_envio"} -> 200: the receiving bank returns a PIX the account (its key) sent
    /// (REALIZADO becomes DEVOLVIDO, the money is back) and the account's webhook hears of it. 409
    /// unless that PIX was made.
    /// </summary>
    private static async Task<IResult> ReturnPayoutAsync(HttpContext context, PayoutStore store, PspStore accounts, SandboxAdmin admin, PspPayer payer, TimeProvider clock)
    {
        if (admin.Refuse(context) is { } refused)
        {
            return refused;
        }

        var body = await JsonBodies.ReadAsync(context);
        var chave = JsonBodies.Text(body?["chave"]);
        var idEnvio = JsonBodies.Text(body?["id_envio"]);
        if (chave is null || idEnvio is null)
        {
            return Results.Json(new { erro = "chave e id_envio obrigatorios" }, statusCode: 422);
        }

        var returned = await store.ReturnAsync(chave, idEnvio, clock.GetUtcNow(), context.RequestAborted);
        if (returned is null)
        {
            return Results.Json(new { erro = "nenhum pagamento REALIZADO com este id_envio" }, statusCode: 409);
        }

        payer.NotifyPayout((await accounts.AccountByChaveAsync(chave, context.RequestAborted))?.WebhookUrl, returned);
        return Results.Json(PayoutApi.View(returned));
    }
}
