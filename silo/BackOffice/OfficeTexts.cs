namespace Lottopar.Silo.BackOffice;

/// <summary>
/// The back office's texts, for <c>IStringLocalizer&lt;OfficeTexts&gt;</c>: each text's key is its
/// Portuguese (pt-BR) wording, which is shown as it is; another language is a resource file
/// (OfficeTexts.{culture}.resx) mapping those keys, without touching a page.
/// </summary>
public sealed class OfficeTexts;
