namespace EcgNotebooks.Torch.Tests;

internal static class OpsAssert
{
    public static void Close(double[] expected, Tensor actual, double tol = 1e-6)
    {
        var a = actual.dtype == ScalarType.Float64 ? actual.data<double>() : actual.to(ScalarType.Float64).data<double>();
        Assert.Equal(expected.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    public static void Close(float[] expected, Tensor actual, double tol = 1e-5) =>
        Close(expected.Select(x => (double)x).ToArray(), actual, tol);

    public static void Shape(long[] expected, Tensor t) => Assert.Equal(expected, t.shape);
}
