namespace EcgNotebooks.Models.Tests;

/// <summary>
/// libtorch's generator and deterministic switch are process-wide: tests that seed them (and
/// compare runs bit for bit) must not interleave with each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchState
{
    public const string Name = "libtorch global state";
}
