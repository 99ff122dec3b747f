namespace EcgNotebooks.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost open scope, and
/// disposes them when it closes, except those moved out. Training loops use one per step so
/// native (and GPU) memory is released deterministically rather than by the finaliser.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly DisposeScope? outer;
    private readonly HashSet<Tensor> owned = new(ReferenceEqualityComparer.Instance);
    private bool closed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    internal static DisposeScope? Current => current;

    /// <summary>The number of live tensors this scope will dispose.</summary>
    public int Count => owned.Count;

    internal void Add(Tensor tensor) => owned.Add(tensor);
    internal void Remove(Tensor tensor) => owned.Remove(tensor);

    /// <summary>Keeps the tensors alive past this scope: they move to the enclosing scope, if any.</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        if (owned.Remove(tensor))
        {
            tensor.Scope = outer;
            outer?.Add(tensor);
        }
        return tensor;
    }

    /// <summary>Keeps the tensor alive past every scope; its owner must dispose it.</summary>
    public T Detach<T>(T tensor) where T : Tensor
    {
        if (owned.Remove(tensor)) tensor.Scope = null;
        return tensor;
    }

    public void Dispose()
    {
        if (closed) return;
        closed = true;
        if (current != this)
            throw new InvalidOperationException("dispose scopes must be closed in the reverse order of opening");
        current = outer;
        foreach (var tensor in owned)
        {
            tensor.Scope = null;
            tensor.Dispose();
        }
        owned.Clear();
    }
}
