namespace EcgNotebooks.Torch.Tests;

public class AcceleratorTests
{
    [Fact]
    public void AutocastOnCpuRunsMatmulInBFloat16AndRestores()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using (torch.autocast(Device.Cpu, ScalarType.BFloat16))
            Assert.Equal(ScalarType.BFloat16, a.matmul(a).dtype);
        Assert.Equal(ScalarType.Float32, a.matmul(a).dtype);
    }

    [Fact]
    public void AutocastRejectsFullPrecision() =>
        Assert.Throws<ArgumentException>(() => torch.autocast(Device.Cpu, ScalarType.Float32));

    [Fact]
    public void Tf32SwitchRoundTrips()
    {
        var before = torch.backends.allow_tf32;
        try
        {
            torch.backends.allow_tf32 = true;
            Assert.True(torch.backends.allow_tf32);
            torch.backends.allow_tf32 = false;
            Assert.False(torch.backends.allow_tf32);
        }
        finally { torch.backends.allow_tf32 = before; }
    }

    [Fact]
    public void CpuBuildReportsNoCudaAndUnknownMemory()
    {
        if (torch.cuda.is_built()) return; // this check is about the CPU shim CI builds
        Assert.False(torch.cuda.is_available());
        Assert.Equal(-1, torch.cuda_memory().PeakAllocated);
    }
}
