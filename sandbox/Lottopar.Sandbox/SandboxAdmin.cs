using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lottopar.Sandbox;

/// <summary>The sandbox's admin token; bound from "Sandbox". LOTTOPAR's admins (through the platform) send it as X-Sandbox-Admin-Token.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    public string AdminToken { get; set; } = "";

    /// <summary>The plain HTTP port on 127.0.0.1 (the tax registry, the controls); 0 picks a free one.</summary>
    public int Port { get; set; } = 5090;
}

/// <summary>The check every sandbox control (entries, payments, faults) makes first.</summary>
public sealed class SandboxAdmin(IOptions<SandboxOptions> options)
{
    public const string TokenHeader = "X-Sandbox-Admin-Token";

    /// <summary>A 401 for a request without the admin token, or null.</summary>
    public IResult? Refuse(HttpContext context)
    {
        var sent = Encoding.UTF8.GetBytes(context.Request.Headers[TokenHeader].ToString());
        var expected = Encoding.UTF8.GetBytes(options.Value.AdminToken);
        return CryptographicOperations.FixedTimeEquals(sent, expected)
            ? null
            : Results.Json(new { erro = "token de administracao invalido" }, statusCode: 401);
    }
}

/// <summary>The next N calls of one service fail with a status (the service down, for operators' error paths), each after a delay.</summary>
public abstract class SimulatedFaults
{
    private readonly Lock _gate = new();
    private int _remaining;
    private int _status = 503;
    private TimeSpan _delay;
    private bool _afterExecuting;

    public void Arm(int failures, int status, TimeSpan delay, bool afterExecuting = false)
    {
        lock (_gate)
        {
            (_remaining, _status, _delay, _afterExecuting) = (failures, status, delay, afterExecuting);
        }
    }

    /// <summary>
    /// POST body {"falhas": N, "status": 503, "atraso_ms": 0, "depois_de_executar": false}, admin token
    /// required. "depois_de_executar" (where a service honours it): the request is carried out, then
    /// its answer fails, as when a timeout hides a success.
    /// </summary>
    public async Task<IResult> ArmAsync(HttpContext context, SandboxAdmin admin)
    {
        if (admin.Refuse(context) is { } refused)
        {
            return refused;
        }

        FaultRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<FaultRequest>(new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }, context.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is not { Falhas: >= 0 and <= 100_000 } || request.Status is not (>= 400 and <= 599) || request.AtrasoMs is < 0 or > 60_000)
        {
            return Results.Json(new { erro = "falhas 0..100000, status 400..599, atraso_ms 0..60000" }, statusCode: 422);
        }

        Arm(request.Falhas, request.Status, TimeSpan.FromMilliseconds(request.AtrasoMs), request.DepoisDeExecutar);
        return Results.Json(request);
    }

    /// <summary>The status to fail with, or null to answer normally.</summary>
    public async Task<int?> TakeAsync(CancellationToken cancellationToken)
    {
        if (Take() is not { } fault)
        {
            return null;
        }

        await Task.Delay(fault.Delay, cancellationToken);
        return fault.Status;
    }

    /// <summary>The next armed fault, taken (its delay not yet waited), or null.</summary>
    public SimulatedFault? Take()
    {
        lock (_gate)
        {
            if (_remaining == 0)
            {
                return null;
            }

            _remaining--;
            return new SimulatedFault(_status, _delay, _afterExecuting);
        }
    }

    private sealed record FaultRequest(int Falhas, int Status = 503, int AtrasoMs = 0, bool DepoisDeExecutar = false);
}

/// <summary>One failure to simulate: the status, the delay before it, and whether the request is carried out first.</summary>
public sealed record SimulatedFault(int Status, TimeSpan Delay, bool AfterExecuting);
