using static EcgNotebooks.Torch.Tests.GradCheck;

namespace EcgNotebooks.Torch.Tests;

/// <summary>Every differentiable op's gradient against central finite differences (float64).</summary>
public class AutogradTests
{
    private static Tensor A(int seed = 1) => Smooth(seed, 2, 3);
    private static Tensor Positive(int seed = 2) => torch.tensor(new double[] { 0.5, 1.2, 2.0, 0.8, 1.7, 3.1 }, 2, 3);

    [Fact] public void Add() => Check(x => x[0].add(x[1], 0.7), A(1), A(2));
    [Fact] public void AddBroadcast() => Check(x => x[0] + x[1], A(1), Smooth(3, 3));
    [Fact] public void Sub() => Check(x => x[0].sub(x[1], 1.5), A(1), Smooth(4, 1, 3));
    [Fact] public void Mul() => Check(x => x[0] * x[1], A(1), A(2));
    [Fact] public void MulBroadcastColumn() => Check(x => x[0] * x[1], A(1), Smooth(5, 2, 1));
    [Fact] public void Div() => Check(x => x[0] / x[1], A(1), Positive());
    [Fact] public void Pow() => Check(x => x[0].pow(x[1]), Positive(), A(2));
    [Fact] public void Maximum() => Check(x => x[0].maximum(x[1]), A(1), A(2));
    [Fact] public void Minimum() => Check(x => x[0].minimum(x[1]), A(1), A(2));
    [Fact] public void ScalarOperators() => Check(x => (2.0 - x[0]) * 3.0 + 1.5 / x[1] - x[0] / 4.0 + (-x[1]), A(1), Positive());
    [Fact] public void IntegerScalars() => Check(x => (1 - x[0]).pow(3) * 2 + 5, A());
    [Fact] public void StepFunctionsHaveZeroGradient() => Check(x => x[0].sign() + x[0].floor() + x[0].ceil() + x[0].round() + x[0], A());
    [Fact] public void InPlaceAddcmulAddcdivLerp() =>
        Check(x => x[0].clone().addcmul_(x[1], x[2], 0.5).addcdiv_(x[1], x[2].abs() + 1, 2).lerp_(x[1], 0.3), A(1), A(2), A(3));
    [Fact] public void InPlaceCopyClampMaskedFill() =>
        Check(x => torch.zeros([2, 3], ScalarType.Float64).copy_(x[0] * 2).clamp_(-0.9, 0.8).masked_fill_(x[1] > 0, 0.25) * x[1], A(1), A(2));
    [Fact] public void InPlaceArithmetic() =>
        Check(x => x[0].clone().mul_(x[1]).add_(x[1], 2).sub_(x[0]).div_(x[1].abs() + 1).mul_(3.0).sqrt_(), Positive(), Positive() * 1.5);
    [Fact] public void PowScalar() => Check(x => x[0].pow(2.5), Positive());
    [Fact] public void Clamp() => Check(x => x[0].clamp(-0.5, 0.45), A(1));
    [Fact] public void Exp() => Check(x => x[0].exp(), A());
    [Fact] public void Log() => Check(x => x[0].log(), Positive());
    [Fact] public void Log1p() => Check(x => x[0].log1p(), Positive());
    [Fact] public void Sqrt() => Check(x => x[0].sqrt(), Positive());
    [Fact] public void Rsqrt() => Check(x => x[0].rsqrt(), Positive());
    [Fact] public void Abs() => Check(x => x[0].abs(), A());
    [Fact] public void Neg() => Check(x => x[0].neg(), A());
    [Fact] public void Reciprocal() => Check(x => x[0].reciprocal(), Positive());
    [Fact] public void Square() => Check(x => x[0].square(), A());
    [Fact] public void SinCos() => Check(x => x[0].sin() * x[0].cos(), A());
    [Fact] public void Tanh() => Check(x => x[0].tanh(), A());
    [Fact] public void Sigmoid() => Check(x => x[0].sigmoid(), A());
    [Fact] public void Relu() => Check(x => x[0].relu(), A());
    [Fact] public void LeakyRelu() => Check(x => x[0].leaky_relu(0.2), A());
    [Fact] public void Gelu() => Check(x => x[0].gelu(), A());
    [Fact] public void GeluTanh() => Check(x => x[0].gelu("tanh"), A());
    [Fact] public void Silu() => Check(x => x[0].silu(), A());
    [Fact] public void Softplus() => Check(x => x[0].softplus(2.0), A());

    [Fact] public void Sum() => Check(x => x[0].sum(), A());
    [Fact] public void SumDims() => Check(x => x[0].sum([0, 2], keepdim: true), Smooth(6, 2, 3, 2));
    [Fact] public void Mean() => Check(x => x[0].mean(1), A());
    [Fact] public void MeanAll() => Check(x => x[0].mean(), A());
    [Fact] public void MaxAll() => Check(x => x[0].max(), A());
    [Fact] public void MaxDim() => Check(x => x[0].max(1).Values, A());
    [Fact] public void MinDim() => Check(x => x[0].min(0, keepdim: true).Values, A());
    [Fact] public void StdUnbiased() => Check(x => x[0].std(1), A());
    [Fact] public void StdBiasedAll() => Check(x => x[0].std(unbiased: false), A());
    [Fact] public void Var() => Check(x => x[0].var([0], unbiased: false, keepdim: true), A());
    [Fact] public void Norm() => Check(x => x[0].norm(), A());
    [Fact] public void NormDim() => Check(x => x[0].norm(1, 1), A());
    [Fact] public void LogSumExp() => Check(x => x[0].logsumexp(1), A());
    [Fact] public void Matmul() => Check(x => x[0].matmul(x[1]), A(1), Smooth(7, 3, 2));
    [Fact] public void MatmulBatchedBroadcast() => Check(x => x[0].matmul(x[1]), Smooth(8, 2, 2, 3), Smooth(9, 3, 2));
    [Fact] public void Mm() => Check(x => x[0].mm(x[1]), A(1), Smooth(7, 3, 2));
    [Fact] public void Bmm() => Check(x => x[0].bmm(x[1]), Smooth(8, 2, 2, 3), Smooth(9, 2, 3, 2));
    [Fact] public void Softmax() => Check(x => x[0].softmax(1), A());
    [Fact] public void LogSoftmax() => Check(x => x[0].log_softmax(0), A());

    [Fact] public void ViewReshapePermute() => Check(x => x[0].view(3, 2).reshape(1, 6).view(2, 3).permute(1, 0) * x[1], A(1), Smooth(2, 3, 2));
    [Fact] public void TransposeAndT() => Check(x => x[0].transpose(0, 1).t() * x[0], A());
    [Fact] public void SqueezeUnsqueeze() => Check(x => x[0].unsqueeze(1).squeeze(1).unsqueeze(0).squeeze(), A());
    [Fact] public void Expand() => Check(x => x[0].expand(4, 3) * x[1], Smooth(1, 1, 3), Smooth(2, 4, 3));
    [Fact] public void ExpandAs() => Check(x => x[0].expand_as(x[1]) * x[1], Smooth(1, 2, 1), A(2));
    [Fact] public void Repeat() => Check(x => x[0].repeat(2, 2), A());
    [Fact] public void Flatten() => Check(x => x[0].flatten(1), Smooth(1, 2, 2, 2));
    [Fact] public void NarrowSelectSlice() => Check(x => x[0].narrow(1, 1, 2) * x[0].select(1, 0).unsqueeze(1) + x[0].slice(1, 0, null, 2).sum(), Smooth(1, 2, 3));
    [Fact] public void IndexSelect() => Check(x => x[0].index_select(1, torch.tensor(new long[] { 2, 0, 2 })), A());
    [Fact] public void Gather() => Check(x => x[0].gather(1, torch.tensor(new long[] { 0, 0, 2, 1 }, 2, 2)), A());
    [Fact] public void MaskedFill() => Check(x => x[0].masked_fill(torch.tensor(new[] { true, false, true }, 1, 3), 3.0), A());
    [Fact] public void MaskedSelect() => Check(x => x[0].masked_select(torch.tensor(new[] { true, false, true, false, false, true }, 2, 3)), A());
    [Fact] public void Clone() => Check(x => x[0].clone() * x[0], A());
    [Fact] public void Cat() => Check(x => torch.cat([x[0], x[1]], 1), A(1), Smooth(2, 2, 2));
    [Fact] public void Stack() => Check(x => torch.stack([x[0], x[1]], 2), A(1), A(2));
    [Fact] public void Split() => Check(x => x[0].split(2, 1)[1] * 2 + x[0].split([1, 2], 1)[0].sum(), A());
    [Fact] public void Chunk() => Check(x => x[0].chunk(2, 0)[0] * x[0].chunk(2, 0)[1], A());
    [Fact] public void Where() => Check(x => torch.where(x[0] > 0, x[0], x[1]), A(1), A(2));
    [Fact] public void WhereWithNumbers() => Check(x => torch.where(x[0] > 0, x[0], 0.5) * torch.where(x[0] < 0.3, -2, x[0]), A(1));

    [Fact]
    public void GradAccumulatesAcrossBackwardCalls()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        (x * x).sum().backward();
        (x * 3.0).sum().backward();
        Assert.Equal(new double[] { 5, 7 }, x.grad!.data<double>());
        x.grad!.zero_();
        Assert.Equal(new double[] { 0, 0 }, x.grad!.data<double>());
    }

    [Fact]
    public void NoGradRecordsNothingAndDetachCutsTheGraph()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2], ScalarType.Float64, requiresGrad: true);
        Assert.True(x.requires_grad);
        Assert.True(x.is_leaf);
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            Assert.False((x * 2).requires_grad);
        }
        Assert.True(torch.is_grad_enabled());
        var y = x * 2;
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        Assert.False(y.detach().requires_grad);
    }

    [Fact]
    public void InPlaceOpOnNonLeafIsDifferentiated()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, -2, 3 }).requires_grad_();
        var y = x * 2;
        y.mul_(x).add_(1.0).relu_();   // relu(2x² + 1)
        y.sum().backward();
        Assert.Equal(new double[] { 4, -8, 12 }, x.grad!.data<double>());
    }

    [Fact]
    public void BackwardWithExplicitGradient()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        var y = x.square();
        y.backward(torch.tensor(new double[] { 1, 0.5, 2 }));
        Assert.Equal(new double[] { 2, 2, 12 }, x.grad!.data<double>());
    }
}
