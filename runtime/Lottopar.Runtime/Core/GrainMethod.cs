using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Lottopar.Runtime.Core;

/// <summary>
/// One grain interface method, prepared once: a compiled delegate that calls it on a grain
/// instance (no reflection per call) and the adapter from the runtime's Task&lt;T&gt; to the
/// method's declared return type.
/// </summary>
internal abstract class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Cache = new();

    protected GrainMethod(MethodInfo method)
    {
        Method = method;
        Name = $"{method.DeclaringType!.Name}.{method.Name}";
    }

    public MethodInfo Method { get; }

    /// <summary>Interface and method name, for messages and logs.</summary>
    public string Name { get; }

    public static GrainMethod For(MethodInfo method) => Cache.GetOrAdd(method, Create);

    /// <summary>Sends the call through the dispatcher; returns what the interface method declares.</summary>
    public abstract object Send(GrainDispatcher dispatcher, GrainId target, object?[] arguments);

    private static GrainMethod Create(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (!GrainInterfaceShape.IsAsyncReturn(returnType))
        {
            throw new InvalidOperationException($"{method.DeclaringType?.FullName}.{method.Name} does not return a Task or ValueTask.");
        }

        var resultType = returnType.IsGenericType ? returnType.GetGenericArguments()[0] : typeof(VoidResult);
        var methodType = typeof(GrainMethod<>).MakeGenericType(resultType);
        return (GrainMethod)Activator.CreateInstance(methodType, method)!;
    }
}

/// <summary>The result type of methods returning plain Task or ValueTask.</summary>
internal readonly struct VoidResult;

internal sealed class GrainMethod<T> : GrainMethod
{
    private readonly Func<object, object?[], Task<T>> _invoke;
    private readonly Type _returnType;

    public GrainMethod(MethodInfo method) : base(method)
    {
        _returnType = method.ReturnType;
        _invoke = Compile(method);
    }

    /// <summary>Calls the method on the grain instance itself (inside its activation's turn).</summary>
    public Task<T> InvokeOn(object grain, object?[] arguments) => _invoke(grain, arguments);

    public override object Send(GrainDispatcher dispatcher, GrainId target, object?[] arguments)
    {
        var result = dispatcher.InvokeAsync(target, this, arguments);
        if (_returnType == typeof(Task) || _returnType == typeof(Task<T>))
        {
            return result;
        }

        return _returnType == typeof(ValueTask) ? new ValueTask(result) : new ValueTask<T>(result);
    }

    private static Func<object, object?[], Task<T>> Compile(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);

        if (method.ReturnType == typeof(ValueTask) || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            call = Expression.Call(call, method.ReturnType.GetMethod(nameof(ValueTask.AsTask))!);
        }

        if (typeof(T) == typeof(VoidResult))
        {
            call = Expression.Call(typeof(GrainMethod<T>).GetMethod(nameof(ToVoidResult), BindingFlags.NonPublic | BindingFlags.Static)!, call);
        }

        return Expression.Lambda<Func<object, object?[], Task<T>>>(call, grain, arguments).Compile();
    }

    private static async Task<VoidResult> ToVoidResult(Task task)
    {
        await task.ConfigureAwait(false);
        return default;
    }
}
