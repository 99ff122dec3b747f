using System.Runtime.ExceptionServices;

namespace EcgNotebooks.Data;

/// <summary><see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> that rethrows the first error as itself (a typed data error stays typed), not wrapped in an AggregateException.</summary>
internal static class ParallelRun
{
    public static void For(int fromInclusive, int toExclusive, int? maxParallelism, Action<int> body)
    {
        try
        {
            Parallel.For(fromInclusive, toExclusive, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
