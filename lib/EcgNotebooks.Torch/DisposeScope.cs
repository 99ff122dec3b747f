namespace EcgNotebooks.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost open scope, and
/// disposes them when it closes, except those moved out. Training loops use one per step so
/// native (and GPU) memory is released deterministically rather than by the finaliser.
/// </summary>
/// <remarks>
/// <para>Open one with <see cref="torch.NewDisposeScope"/>:</para>
/// <code>
/// for (var step = 0; step &lt; steps; step++)
/// {
///     using var scope = torch.NewDisposeScope();
///     var loss = model.call(x).sub(y).square().mean();   // every intermediate joins the scope
///     loss.backward();
///     optimizer.step();
///     history.Add(loss.item&lt;float&gt;());                // read values before the scope closes
/// }                                                       // all of the step's tensors are freed here
///
/// Tensor Normalise(Tensor x)
/// {
///     using var scope = torch.NewDisposeScope();
///     var centred = x - x.mean();
///     return scope.MoveToOuter(centred / centred.std()); // the result survives, the temporaries do not
/// }
/// </code>
/// <para>Threads: the current scope is per thread (like PyTorch's grad mode). A tensor made on a
/// worker thread (Parallel.For, Task.Run) joins that thread's scope, not the one the caller opened;
/// open a scope inside the worker, or dispose or <see cref="Adopt"/> the result. Scopes must be
/// closed on the thread that opened them, innermost first. Disposing a tensor, or moving it out,
/// from another thread is safe: the bookkeeping is locked.</para>
/// <para>Tensors that are never disposed are released by their SafeHandle's finaliser, later
/// and at a GC's whim (which for GPU memory is too late); scopes are the reliable way.</para>
/// </remarks>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly DisposeScope? outer;
    private readonly HashSet<Tensor> owned = new(ReferenceEqualityComparer.Instance);
    private readonly int ownerThread;
    private bool closed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
        ownerThread = Environment.CurrentManagedThreadId;
    }

    internal static DisposeScope? Current => current;

    /// <summary>The number of live tensors this scope will dispose.</summary>
    public int Count
    {
        get { lock (owned) return owned.Count; }
    }

    internal void Add(Tensor tensor)
    {
        lock (owned)
        {
            if (closed) throw new ObjectDisposedException(nameof(DisposeScope), "this dispose scope is already closed");
            owned.Add(tensor);
        }
    }

    internal bool Remove(Tensor tensor)
    {
        lock (owned) return owned.Remove(tensor);
    }

    /// <summary>
    /// Puts a tensor (made on another thread, or outside any scope) under this scope's care; it
    /// leaves the scope it was in. Returns the tensor.
    /// </summary>
    public T Adopt<T>(T tensor) where T : Tensor
    {
        if (tensor.Scope == this) return tensor;
        tensor.Scope?.Remove(tensor);
        Add(tensor);
        tensor.Scope = this;
        return tensor;
    }

    /// <summary>Keeps the tensor alive past this scope: it moves to the enclosing scope, if any.</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        if (Remove(tensor))
        {
            tensor.Scope = outer;
            outer?.Add(tensor);
        }
        return tensor;
    }

    /// <summary>Keeps the tensor alive past every scope; its owner must dispose it.</summary>
    public T Detach<T>(T tensor) where T : Tensor
    {
        if (Remove(tensor)) tensor.Scope = null;
        return tensor;
    }

    public void Dispose()
    {
        if (closed) return;
        if (current != this)
            throw new InvalidOperationException(Environment.CurrentManagedThreadId != ownerThread
                ? "a dispose scope must be closed on the thread that opened it"
                : "dispose scopes must be closed in the reverse order of opening");
        Tensor[] toDispose;
        lock (owned)
        {
            closed = true;
            toDispose = [.. owned];
            owned.Clear();
        }
        current = outer;
        foreach (var tensor in toDispose)
        {
            tensor.Scope = null;
            tensor.Dispose();
        }
    }
}
