using MudBlazor;

namespace Lottopar.Silo.BackOffice.Layout;

/// <summary>The back office's colours: Paraná's blue and green, with contrast for eMAG's legibility.</summary>
public static class OfficeTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b4f8a",
            Secondary = "#1b7a3e",
            AppbarBackground = "#0b4f8a",
        },
    };
}
