using Lottopar.Runtime.Core;
using Xunit;

namespace Lottopar.Runtime.Tests.Unit;

public sealed class GrainInterfaceShapeTests
{
    [Theory]
    [InlineData(typeof(ISynchronousGrain), "must return Task")]
    [InlineData(typeof(IGenericMethodGrain), "cannot be generic")]
    [InlineData(typeof(IRefParameterGrain), "ref, out or in")]
    public void BadlyShapedGrainInterfaceIsRefusedNamingTheMethod(Type grainInterface, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GrainInterfaceShape.Validate(grainInterface));

        Assert.Contains(grainInterface.Name, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void PersonalKeysKeepOnlyTheirLastFourCharacters()
    {
        Assert.Equal("*******8909", GrainTypeRegistry.MaskKey("12345678909"));
        Assert.Equal("***", GrainTypeRegistry.MaskKey("abc"));
    }

    public interface ISynchronousGrain : IGrainWithStringKey
    {
        int Count();
    }

    public interface IGenericMethodGrain : IGrainWithStringKey
    {
        Task<T> EchoAsync<T>(T value);
    }

    public interface IRefParameterGrain : IGrainWithStringKey
    {
        Task SwapAsync(ref int value);
    }
}
