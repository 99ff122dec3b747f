using TorchSharp;
using static TorchSharp.torch;

namespace EcgNotebooks.Models.Tests;

/// <summary>EfficientECG's depthwise convolution as shifted multiply-adds equals a grouped Conv1d, values and gradients.</summary>
[Collection(TorchState.Name)]
public class DepthwiseConvTests
{
    [Theory]
    [InlineData(3, 1, 33)]
    [InlineData(3, 2, 33)]
    [InlineData(5, 2, 32)]
    [InlineData(5, 1, 7)]
    public void Matches_a_grouped_Conv1d_in_value_and_gradient(int kernel, int stride, int length)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        const int channels = 6;
        var ours = new DepthwiseConv1d(channels, kernel, stride);
        ours.to(ScalarType.Float64);
        var weight = ours.parameters().Single();
        var x = torch.randn([2, channels, length], ScalarType.Float64).requires_grad_();
        var reference = torch.nn.functional.conv1d(x, weight, stride: stride, padding: kernel / 2, groups: channels);
        var mine = ours.call(x);
        Assert.Equal(reference.shape, mine.shape);
        Assert.True(mine.allclose(reference, 1e-10, 1e-10), "forward differs");
        var upstream = torch.randn(reference.shape, ScalarType.Float64);
        var (gxRef, gwRef) = Gradients(reference, upstream, x, weight);
        var (gx, gw) = Gradients(mine, upstream, x, weight);
        Assert.True(gx.allclose(gxRef, 1e-10, 1e-10), "input gradient differs");
        Assert.True(gw.allclose(gwRef, 1e-10, 1e-10), "weight gradient differs");
    }

    private static (Tensor, Tensor) Gradients(Tensor y, Tensor upstream, Tensor x, Tensor w)
    {
        var g = torch.autograd.grad([y], [x, w], [upstream], retain_graph: true);
        return (g[0], g[1]);
    }
}
