using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Payments;
using Lottopar.Silo.Security;

namespace Lottopar.Silo.BackOffice.Security;

/// <summary>
/// The back office's account pages without a session: accepting an invitation with the
/// authenticator's enrolment, and a password reset. The same grains and rules as /auth; refusals
/// are told in Portuguese by the field they concern, never whether an account exists.
/// </summary>
public sealed class OfficeAccountFlows(StaffAccounts accounts)
{
    /// <summary>The authenticator's secret and its QR code (PNG, base64), or why not.</summary>
    public async Task<(Enrolment? Enrolment, string? Refusal)> AcceptInvitationAsync(string? email, string? code, string? password)
    {
        try
        {
            var enrollment = await accounts.Of(email).AcceptInvitationAsync(code ?? "", password ?? "");
            return (new Enrolment(enrollment.SecretBase32, enrollment.OtpAuthUri, QrPng(enrollment.OtpAuthUri)), null);
        }
        catch (DomainValidationException refusal)
        {
            return (null, Describe(refusal));
        }
    }

    public async Task<string?> ConfirmAuthenticatorAsync(string? email, string? password, string? code)
    {
        try
        {
            await accounts.Of(email).ConfirmTotpAsync(password ?? "", code ?? "");
            return null;
        }
        catch (DomainValidationException refusal)
        {
            return Describe(refusal);
        }
    }

    /// <summary>Sends a code if the account exists; the page says the same either way.</summary>
    public async Task<string?> RequestPasswordResetAsync(string? email, CodeChannel channel)
    {
        try
        {
            await accounts.Of(email).RequestPasswordResetAsync(channel);
            return null;
        }
        catch (DomainValidationException refusal)
        {
            return Describe(refusal);
        }
    }

    public async Task<string?> ConfirmPasswordResetAsync(string? email, string? code, string? newPassword)
    {
        try
        {
            await accounts.Of(email).ConfirmPasswordResetAsync(code ?? "", newPassword ?? "");
            return null;
        }
        catch (DomainValidationException refusal)
        {
            return Describe(refusal);
        }
    }

    /// <summary>The QR code of an otpauth URI, for the authenticator app's camera.</summary>
    public static string QrPng(string otpAuthUri) => QrCodes.Png(otpAuthUri, pixelsPerModule: 5);

    private static string Describe(DomainValidationException refusal) => refusal.Errors.Keys.FirstOrDefault() switch
    {
        "email" => "Informe um e-mail válido.",
        "code" => "Código inválido ou vencido.",
        "password" => "A senha não atende às regras indicadas.",
        "totpCode" => "A senha ou o código do autenticador está errado.",
        _ => "Não foi possível concluir; confira os dados.",
    };
}

/// <summary>What the invitation page shows once: the secret, its otpauth URI and its QR code.</summary>
public sealed record Enrolment(string SecretBase32, string OtpAuthUri, string QrPngBase64);
