using Lottopar.Silo.Apis;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.BackOffice.Security;

/// <summary>
/// The back office's sign-in: the same accounts, checks, throttling and security log as
/// POST /auth/login (it is that handler), then the session's token in the back office's cookie.
/// </summary>
public sealed class OfficeSignIn(
    StaffAccounts accounts, Orleans.IGrainFactory cluster, SessionTokens tokens, RefusalLog refusals, ClientAddress addresses, TimeProvider clock,
    IOptions<SiloOptions> silo)
{
    /// <summary>Null when signed in (the cookie is set), else why not, as the page shows it (a text key of <see cref="OfficeTexts"/>).</summary>
    public async Task<string?> SignInAsync(HttpContext context, string? email, string? password, string? code)
    {
        if (!Grains.Validation.EmailAddress.TryNormalize(email, out _))
        {
            return "E-mail, senha ou código do autenticador incorretos.";
        }

        var result = await AuthApi.Login(new LoginRequest(email, password, code), context, accounts, cluster, tokens, refusals, addresses, clock, silo);
        if (result.Result is Ok<SessionResponse> { Value: { } session })
        {
            OfficeSession.Write(context, session.Token, session.ExpiresAt);
            return null;
        }

        var problem = (ProblemHttpResult)result.Result;
        return problem.StatusCode switch
        {
            429 => "Muitas tentativas sem sucesso a partir deste endereço; aguarde e tente de novo.",
            403 => "Esta conta não está ativa.",
            _ => "E-mail, senha ou código do autenticador incorretos.",
        };
    }
}
