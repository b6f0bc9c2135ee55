namespace Lottopar.Sandbox;

/// <summary>The sandbox process (a class of its own, not top-level statements: the test project also holds the silo's Program).</summary>
public static class SandboxProgram
{
    public static Task Main(string[] args) => SandboxApp.Build(args).RunAsync();
}
