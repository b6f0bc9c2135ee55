using System.Reflection;

namespace Lottopar.Runtime.Core;

/// <summary>
/// The rules a grain interface follows, so that every call can later cross a process boundary:
/// asynchronous results, no ref/out parameters, no generic methods.
/// </summary>
internal static class GrainInterfaceShape
{
    public static void Validate(Type grainInterface)
    {
        var methods = grainInterface.GetMethods()
            .Concat(grainInterface.GetInterfaces().SelectMany(i => i.GetMethods()));
        foreach (var method in methods)
        {
            var problem = ProblemWith(method);
            if (problem is not null)
            {
                throw new InvalidOperationException($"{grainInterface.FullName}.{method.Name}: {problem}");
            }
        }
    }

    private static string? ProblemWith(MethodInfo method)
    {
        if (method.IsGenericMethodDefinition)
        {
            return "grain methods cannot be generic.";
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            return "grain methods cannot take ref, out or in parameters.";
        }

        return IsAsyncReturn(method.ReturnType) ? null : "grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.";
    }

    internal static bool IsAsyncReturn(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask) ||
        (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));
}
