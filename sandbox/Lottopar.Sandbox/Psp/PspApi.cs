using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lottopar.Sandbox.Psp;

/// <summary>
/// The sandbox PSP's API Pix (Banco Central's specification, v2): OAuth2 client credentials,
/// immediate charges (<c>cob</c>), received PIX (<c>pix</c>) and refunds (<c>devolucao</c>), on an
/// HTTPS port that requires a client certificate. Paths are below <c>/api-pix/</c>. As in the
/// specification, a <c>Pix</c> does not name its payer: <c>GET /pix?cpf=</c> filters by the payer's CPF.
/// </summary>
public static class PspApi
{
    public const string Prefix = "/api-pix";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static IEndpointRouteBuilder MapPspApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).AddEndpointFilter(RequireClientCertificate);
        group.MapPost("/oauth/token", TokenAsync);
        group.MapPut("/v2/cob/{txid}", CreateCobAsync);
        group.MapGet("/v2/cob/{txid}", GetCobAsync);
        group.MapGet("/v2/pix", ListPixAsync);
        group.MapGet("/v2/pix/{e2eid}", GetPixAsync);
        group.MapPut("/v2/pix/{e2eid}/devolucao/{id}", RefundAsync);
        group.MapGet("/v2/pix/{e2eid}/devolucao/{id}", GetRefundAsync);
        group.MapPut("/v2/webhook/{chave}", SetWebhookAsync);
        group.MapGet("/v2/webhook/{chave}", GetWebhookAsync);
        group.MapPayoutApi();
        return app;
    }

    /// <summary>The API Pix is mutual TLS only: a request without a client certificate (the plain HTTP port) finds nothing.</summary>
    private static async ValueTask<object?> RequireClientCertificate(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Connection.ClientCertificate is null ? Results.NotFound() : await next(context);

    private static async Task<IResult> TokenAsync(HttpContext context, PspStore store, PspTokens tokens)
    {
        var (clientId, secret) = BasicCredentials(context.Request.Headers.Authorization.ToString());
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (form is null || form["grant_type"].ToString() != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        }

        var account = clientId is null ? null : await store.AuthenticateAsync(clientId, secret!, context.RequestAborted);
        return account is null
            ? Results.Json(new { error = "invalid_client" }, statusCode: 401)
            : Results.Json(new { access_token = tokens.Issue(account), token_type = "Bearer", expires_in = (int)PspTokens.Lifetime.TotalSeconds, scope = PspTokens.Scopes });
    }

    private static async Task<IResult> CreateCobAsync(
        string txid, HttpContext context, PspStore store, PspTokens tokens, PspFaults faults, PspPayer payer, IOptions<PspOptions> options, TimeProvider clock)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        var fault = faults.Take();
        if (fault is { AfterExecuting: false })
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
            return PixProblems.Of(fault.Status, "ServicoIndisponivel", "Serviço indisponível", "Falha simulada pelo sandbox.");
        }

        var body = await JsonBodies.ReadAsync(context);
        var violations = new List<(string, string)>();
        if (!PixValues.IsTxid(txid))
        {
            violations.Add(("cob.txid", "O campo cob.txid não respeita o schema ([a-zA-Z0-9]{26,35})."));
        }

        var expiracao = body?["calendario"]?["expiracao"]?.GetValueKind() == JsonValueKind.Number ? body["calendario"]!["expiracao"]!.GetValue<int>() : 86400;
        if (expiracao <= 0)
        {
            violations.Add(("cob.calendario.expiracao", "O campo cob.calendario.expiracao é menor ou igual a zero."));
        }

        if (!PixValues.TryParseAmount(JsonBodies.Text(body?["valor"]?["original"]), out var centavos) || centavos == 0)
        {
            violations.Add(("cob.valor.original", "O campo cob.valor.original não respeita o schema (\\d{1,10}\\.\\d{2}) ou é zero."));
        }

        if (JsonBodies.Text(body?["chave"]) != account.Chave)
        {
            violations.Add(("cob.chave", "O campo cob.chave não corresponde a uma chave do recebedor."));
        }

        var cpf = JsonBodies.Text(body?["devedor"]?["cpf"]);
        if (cpf is not null && (cpf.Length != 11 || !cpf.All(char.IsAsciiDigit)))
        {
            violations.Add(("cob.devedor.cpf", "O campo cob.devedor.cpf não respeita o schema."));
        }

        if (violations.Count > 0)
        {
            return PixProblems.Of(400, "CobOperacaoInvalida", "Cobrança inválida.",
                "A requisição que busca alterar ou criar uma cobrança para pagamento imediato não respeita o schema ou está semanticamente errada.", [.. violations]);
        }

        var cob = new Cob(account.Chave, txid, "ATIVA", centavos, expiracao, clock.GetUtcNow(), cpf, JsonBodies.Text(body?["devedor"]?["nome"]), JsonBodies.Text(body?["solicitacaoPagador"]), 0);
        if (!await store.TryCreateCobAsync(cob, context.RequestAborted))
        {
            return PixProblems.Of(400, "CobOperacaoInvalida", "Cobrança inválida.", "Já existe uma cobrança com este txid.", ("cob.txid", "O txid informado já foi utilizado."));
        }

        var created = (await store.FindCobAsync(account.Chave, txid, context.RequestAborted))!;
        payer.PayLater(created, account);
        if (fault is { AfterExecuting: true })
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
            return PixProblems.Of(fault.Status, "ServicoIndisponivel", "Serviço indisponível", "Falha simulada pelo sandbox (a cobrança foi criada).");
        }

        return Results.Json(View(created, account, options.Value, []), Json, statusCode: 201);
    }

    private static async Task<IResult> GetCobAsync(string txid, HttpContext context, PspStore store, PspTokens tokens, IOptions<PspOptions> options, TimeProvider clock)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        var cob = await store.FindCobAsync(account.Chave, txid, context.RequestAborted);
        if (cob is null)
        {
            return PixProblems.Of(404, "CobNaoEncontrado", "Cobrança não encontrada.", "Cobrança não encontra-se no banco de dados.");
        }

        var received = cob.Status == "CONCLUIDA"
            ? await store.ListPixAsync(account.Chave, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, txid, null, context.RequestAborted)
            : [];
        var pix = new List<object>();
        foreach (var p in received)
        {
            pix.Add(PixView(p, await store.DevolucoesAsync(p.EndToEndId, context.RequestAborted)));
        }

        return Results.Json(View(cob, account, options.Value, pix), Json);
    }

    private static async Task<IResult> ListPixAsync(
        HttpContext context, PspStore store, PspTokens tokens, DateTimeOffset? inicio, DateTimeOffset? fim, string? txid, string? cpf)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        if (inicio is null || fim is null || fim < inicio)
        {
            return PixProblems.Of(400, "RequisicaoInvalida", "Requisição inválida.", "Os parâmetros inicio e fim são obrigatórios, fim depois de inicio.",
                ("inicio", "obrigatório (RFC 3339)"), ("fim", "obrigatório (RFC 3339)"));
        }

        var list = await store.ListPixAsync(account.Chave, inicio.Value, fim.Value, txid, cpf, context.RequestAborted);
        var pix = new List<object>();
        foreach (var p in list)
        {
            pix.Add(PixView(p, await store.DevolucoesAsync(p.EndToEndId, context.RequestAborted)));
        }

        return Results.Json(new
        {
            parametros = new { inicio, fim, paginacao = new { paginaAtual = 0, itensPorPagina = list.Count, quantidadeDePaginas = 1, quantidadeTotalDeItens = list.Count } },
            pix,
        }, Json);
    }

    private static async Task<IResult> GetPixAsync(string e2eid, HttpContext context, PspStore store, PspTokens tokens)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        var pix = await store.FindPixAsync(account.Chave, e2eid, context.RequestAborted);
        return pix is null
            ? PixProblems.Of(404, "PixNaoEncontrado", "Pix não encontrado.", "Pix não encontra-se no banco de dados.")
            : Results.Json(PixView(pix, await store.DevolucoesAsync(e2eid, context.RequestAborted)), Json);
    }

    private static async Task<IResult> RefundAsync(string e2eid, string id, HttpContext context, PspStore store, PspTokens tokens, TimeProvider clock)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        var pix = await store.FindPixAsync(account.Chave, e2eid, context.RequestAborted);
        if (pix is null)
        {
            return PixProblems.Of(404, "PixNaoEncontrado", "Pix não encontrado.", "Pix não encontra-se no banco de dados.");
        }

        var body = await JsonBodies.ReadAsync(context);
        if (id.Length is 0 or > 35 || !id.All(char.IsAsciiLetterOrDigit) || !PixValues.TryParseAmount(JsonBodies.Text(body?["valor"]), out var centavos) || centavos == 0)
        {
            return PixProblems.Of(400, "DevolucaoOperacaoInvalida", "Devolução inválida.", "A devolução não respeita o schema.",
                ("devolucao.valor", "\\d{1,10}\\.\\d{2}, maior que zero"), ("id", "[a-zA-Z0-9]{1,35}"));
        }

        var now = clock.GetUtcNow();
        if (now > pix.Horario.AddDays(90))
        {
            return PixProblems.Of(400, "DevolucaoOperacaoInvalida", "Devolução inválida.", "O prazo de 90 dias para a devolução terminou.");
        }

        var rtrId = "D" + PixValues.NewEndToEndId(pix.EndToEndId.Substring(1, 8), now)[1..];
        var refund = await store.RefundAsync(new Devolucao(e2eid, id, rtrId, centavos, "DEVOLVIDO", now, now), pix.Centavos, context.RequestAborted);
        if (refund is null)
        {
            return PixProblems.Of(400, "DevolucaoOperacaoInvalida", "Devolução inválida.", "O valor excede o que resta do Pix original.", ("devolucao.valor", "acima do saldo do Pix"));
        }

        return refund.Centavos != centavos
            ? PixProblems.Of(400, "DevolucaoOperacaoInvalida", "Devolução inválida.", "Já existe uma devolução com este id e outro valor.", ("id", "já utilizado"))
            : Results.Json(RefundView(refund), Json, statusCode: 201);
    }

    private static async Task<IResult> GetRefundAsync(string e2eid, string id, HttpContext context, PspStore store, PspTokens tokens)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        var refund = await store.FindPixAsync(account.Chave, e2eid, context.RequestAborted) is null
            ? null
            : (await store.DevolucoesAsync(e2eid, context.RequestAborted)).FirstOrDefault(d => d.Id == id);
        return refund is null
            ? PixProblems.Of(404, "DevolucaoNaoEncontrada", "Devolução não encontrada.", "Devolução não encontra-se no banco de dados.")
            : Results.Json(RefundView(refund), Json);
    }

    /// <summary>PUT webhook/{chave} {"webhookUrl"}: where received PIX of this key are notified (its URL plus "/pix").</summary>
    private static async Task<IResult> SetWebhookAsync(string chave, HttpContext context, PspStore store, PspTokens tokens)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        var url = JsonBodies.Text((await JsonBodies.ReadAsync(context))?["webhookUrl"]);
        if (chave != account.Chave)
        {
            return PixProblems.AccessDenied();
        }

        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return PixProblems.Of(400, "WebhookOperacaoInvalida", "Webhook inválido.", "O webhookUrl deve ser uma URL absoluta.", ("webhookUrl", "URL absoluta"));
        }

        await store.SetWebhookAsync(chave, url, context.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> GetWebhookAsync(string chave, HttpContext context, PspStore store, PspTokens tokens)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account || chave != account.Chave)
        {
            return PixProblems.AccessDenied();
        }

        return (await store.AccountByChaveAsync(chave, context.RequestAborted))?.WebhookUrl is { } url
            ? Results.Json(new { webhookUrl = url, chave }, Json)
            : PixProblems.Of(404, "WebhookNaoEncontrado", "Webhook não encontrado.", "Nenhum webhook para esta chave.");
    }

    private static object View(Cob cob, PspAccount account, PspOptions options, List<object> pix)
    {
        var location = $"{options.LocationHost}/qr/v2/{cob.LocId:D10}";
        return new
        {
            calendario = new { criacao = cob.Criacao, expiracao = cob.ExpiracaoSeconds },
            txid = cob.Txid,
            revisao = 0,
            loc = new { id = cob.LocId, location, tipoCob = "cob" },
            location,
            status = cob.Status,
            devedor = cob.DevedorCpf is null ? null : new { cpf = cob.DevedorCpf, nome = cob.DevedorNome },
            valor = new { original = PixValues.Amount(cob.Centavos) },
            chave = cob.Chave,
            solicitacaoPagador = cob.SolicitacaoPagador,
            pixCopiaECola = BrCode.Dynamic(location, account.Name, account.City),
            pix = pix.Count == 0 ? null : pix,
        };
    }

    private static object PixView(ReceivedPix pix, IReadOnlyList<Devolucao> refunds) => new
    {
        endToEndId = pix.EndToEndId,
        txid = pix.Txid,
        valor = PixValues.Amount(pix.Centavos),
        chave = pix.Chave,
        horario = pix.Horario,
        devolucoes = refunds.Count == 0 ? null : refunds.Select(RefundView).ToList(),
    };

    private static object RefundView(Devolucao refund) => new
    {
        id = refund.Id,
        rtrId = refund.RtrId,
        valor = PixValues.Amount(refund.Centavos),
        horario = new { solicitacao = refund.Solicitacao, liquidacao = refund.Liquidacao },
        status = refund.Status,
    };

    private static (string? ClientId, string? Secret) BasicCredentials(string authorization)
    {
        const string prefix = "Basic ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (null, null);
        }

        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(authorization[prefix.Length..]));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

}
