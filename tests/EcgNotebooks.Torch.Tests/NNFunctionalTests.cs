using EcgNotebooks.Torch.NN;
using F = EcgNotebooks.Torch.NN.Functional;

namespace EcgNotebooks.Torch.Tests;

/// <summary>
/// Forward values of every functional op against PyTorch 1.13.1 (Debian python3-torch), and
/// gradients against central finite differences in float64.
/// </summary>
public class NNFunctionalTests
{
    // Inputs are V(shape, a, b) = sin(a * i + b) over the flat index i, computed in float64.
    // The constants below were printed by this script (run with /usr/bin/python3):
    //
    //   import torch, torch.nn.functional as F, math
    //   def V(shape, a, b, dtype=torch.float32):
    //       return torch.sin(torch.arange(math.prod(shape), dtype=torch.float64) * a + b).to(dtype).reshape(shape)
    //   def out(name, t): print(name, ", ".join(f"{v:.9g}f" for v in t.detach().reshape(-1).tolist()))
    //   x = V((2,4,9), 0.37, 0.1); w = V((6,2,3), 0.91, 0.3); b = V((6,), 1.3, 0.2)
    //   out("Conv1d", F.conv1d(x, w, b, stride=2, padding=1, dilation=2, groups=2))
    //   x = V((1,2,5,6), 0.37, 0.1); w = V((3,2,3,2), 0.91, 0.3); b = V((3,), 1.3, 0.2)
    //   out("Conv2d", F.conv2d(x, w, b, stride=(2,1), padding=(1,0), dilation=(1,2)))
    //   x = V((1,2,5), 0.37, 0.1); w = V((2,3,3), 0.91, 0.3); b = V((3,), 1.3, 0.2)
    //   out("ConvT1d", F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1))
    //   x = V((3,2,4), 0.37, 0.1); rm = torch.tensor([0.1, -0.2]); rv = torch.tensor([1.5, 0.5])
    //   g = torch.tensor([1.2, 0.8]); bb = torch.tensor([0.1, -0.1])
    //   out("BatchNormTrain", F.batch_norm(x, rm, rv, g, bb, training=True, momentum=0.2, eps=1e-5))
    //   out("BatchNormRunningMean", rm); out("BatchNormRunningVar", rv)
    //   out("BatchNormEval", F.batch_norm(x, rm, rv, g, bb, training=False))
    //   x = V((2,3,4), 0.37, 0.1); out("LayerNorm", F.layer_norm(x, [4], V((4,), 0.5, 1.0), V((4,), 0.7, 0.2), 1e-5))
    //   x = V((3,4), 0.37, 0.1); out("Linear", F.linear(x, V((2,4), 0.91, 0.3), V((2,), 1.3, 0.2)))
    //   x = V((1,2,9), 0.77, 0.1)
    //   out("MaxPool1d", F.max_pool1d(x, 3, 2, 1)); out("AvgPool1d", F.avg_pool1d(x, 3, 2, 1, count_include_pad=False))
    //   out("AdaptiveAvgPool1d", F.adaptive_avg_pool1d(V((1,2,7), 0.77, 0.1), 3))
    //   x = V((1,2,5), 0.77, 0.1)
    //   out("NearestScale", F.interpolate(x, scale_factor=1.5, mode="nearest"))
    //   out("LinearSize", F.interpolate(x, size=8, mode="linear", align_corners=False))
    //   out("LinearAligned", F.interpolate(x, size=8, mode="linear", align_corners=True))
    //   logits = V((4,3), 0.9, 0.1); tgt = torch.tensor([0, 2, 1, 2]); cw = torch.tensor([1.0, 2.0, 0.5])
    //   out("CrossEntropy", F.cross_entropy(logits, tgt, weight=cw, label_smoothing=0.1).reshape(1))
    //   out("CrossEntropyNone", F.cross_entropy(logits, tgt, reduction="none"))
    //   y = V((4,3), 1.7, 0.4).gt(0).float(); pw = torch.tensor([1.0, 3.0, 0.5])
    //   out("Bce", F.binary_cross_entropy_with_logits(logits, y, pos_weight=pw).reshape(1))
    //   out("Mse", F.mse_loss(logits, V((4,3), 1.7, 0.4)).reshape(1))
    //   q = V((2,3,4), 0.37, 0.1); k = V((2,5,3), 0.53, 0.2); v = V((2,5,2), 0.61, 0.3)
    //   mha = torch.nn.MultiheadAttention(4, 2, kdim=3, vdim=2, batch_first=True)
    //   with torch.no_grad():
    //       mha.q_proj_weight.copy_(V((4,4), 0.91, 0.3)); mha.k_proj_weight.copy_(V((4,3), 0.81, 0.5))
    //       mha.v_proj_weight.copy_(V((4,2), 0.71, 0.7)); mha.in_proj_bias.copy_(V((12,), 1.3, 0.2))
    //       mha.out_proj.weight.copy_(V((4,4), 0.43, 0.9)); mha.out_proj.bias.copy_(V((4,), 1.1, 0.4))
    //   mask = torch.tensor([[False, False, False, True, True], [False]*5])
    //   o, wts = mha(q, k, v, key_padding_mask=mask); out("MhaOutput", o); out("MhaWeights", wts)
    //   lstm = torch.nn.LSTM(3, 2, batch_first=True)
    //   with torch.no_grad():
    //       lstm.weight_ih_l0.copy_(V((8,3), 0.91, 0.3)); lstm.weight_hh_l0.copy_(V((8,2), 0.81, 0.5))
    //       lstm.bias_ih_l0.copy_(V((8,), 1.3, 0.2)); lstm.bias_hh_l0.copy_(V((8,), 1.1, 0.4))
    //   o, (h, c) = lstm(V((2,4,3), 0.37, 0.1)); out("LstmOutput", o); out("LstmH", h); out("LstmC", c)
    //   torch.manual_seed(0); lin = torch.nn.Linear(3, 2); out("SeededLinearWeight", lin.weight); out("SeededLinearBias", lin.bias)
    //   torch.manual_seed(0); conv = torch.nn.Conv1d(2, 3, 5); out("SeededConvWeight", conv.weight); out("SeededConvBias", conv.bias)
    private static readonly float[] Conv1d = [2.83452678f, 3.47293997f, 2.46845198f, 0.973935902f, 2.81648397f, 2.15452337f, 0.688527882f, 0.0132127404f, 0.172551408f, -1.3659811f, -2.35492086f, -1.77868342f, -3.40493393f, -4.47385502f, -3.38795447f, -1.68918896f, -3.84524322f, -3.37947965f, -1.60999823f, -0.725169063f, -1.18638098f, 0.515874743f, 1.83607554f, 1.34048092f, 3.40155673f, 2.43593955f, 0.23200503f, -0.319182754f, 2.86407804f, 0.660558581f, -0.633544624f, 0.486370444f, -0.329761356f, -2.36044025f, -1.91619873f, 0.157824427f, -3.3838613f, -3.35218358f, -0.908083797f, 0.555160642f, -3.46996498f, -1.56972933f, 0.634655893f, 0.192431867f, -0.697158933f, 1.85506129f, 2.40843534f, 0.34386459f];
    private static readonly float[] Conv2d = [-2.40786576f, -1.04566538f, 0.484949946f, 1.97681856f, -1.96516466f, -3.57742047f, -4.67859983f, -5.11966372f, 3.51946473f, 3.2260139f, 2.52282596f, 1.50507438f, 3.78193808f, 4.1937933f, 4.17304516f, 3.7225008f, -3.67300272f, -2.34469366f, -0.56403482f, 1.42796981f, 1.15631509f, -0.323177308f, -1.62392282f, -2.5698719f, 2.52105904f, 1.09666657f, -0.430815518f, -1.8546499f, 3.20408988f, 4.61576414f, 5.44805527f, 5.58831787f, -3.00978971f, -2.4929285f, -1.59332204f, -0.432727575f];
    private static readonly float[] ConvT1d = [0.315090448f, 0.287648022f, 0.640538335f, 0.589292347f, 0.906181276f, 0.838067651f, 1.0760659f, 1.00030339f, 1.12719893f, 1.27173495f, 0.53336215f, 0.658887029f, 0.363637388f, 0.540344119f, 0.279702306f, 0.483674467f, 0.292917013f, 0.496547878f, 0.401493132f, -0.12274164f, 1.0693084f, 0.866667509f, 1.05496085f, 0.782308877f, 0.943168283f, 0.637407362f, 0.749061584f, 0.451574951f, 0.498911858f, 1.31528211f];
    private static readonly float[] BatchNormTrain = [0.0222543646f, 0.809682369f, 1.46039939f, 1.88633394f, 0.61352253f, 0.543734431f, 0.350358456f, 0.0595671386f, -0.018630581f, -0.834774196f, -1.56505942f, -2.11064529f, -1.33778572f, -1.33322537f, -1.19821525f, -0.951028168f, -0.780647874f, 0.0373722315f, 0.823209822f, 1.4705056f, 0.552620649f, 0.61343807f, 0.54123354f, 0.345779657f];
    private static readonly float[] BatchNormRunningMean = [0.106938332f, -0.105186865f];
    private static readonly float[] BatchNormRunningVar = [1.26315737f, 0.544517517f];
    private static readonly float[] BatchNormEval = [0.0924140513f, 0.469369948f, 0.780879796f, 0.984782338f, 1.09811676f, 1.02114606f, 0.807867646f, 0.487147838f, 0.0728416964f, -0.317860872f, -0.667461514f, -0.928643286f, -1.05402172f, -1.04899204f, -0.900086582f, -0.627458811f, -0.29194963f, 0.0996512473f, 0.475845784f, 0.785717845f, 1.03094685f, 1.09802365f, 1.01838779f, 0.802817583f];
    private static readonly float[] LayerNorm = [-1.02354062f, 0.450336844f, 1.53660476f, 1.46129513f, 1.06769133f, 1.48924243f, 0.824076355f, -0.180387184f, 1.3903712f, 1.16071081f, 0.499128848f, 0.00109809719f, -0.512448311f, -0.0306804068f, 1.03922451f, 1.71375418f, -0.965932965f, 0.369447827f, 1.46881199f, 1.51347375f, 0.527939737f, 1.77687442f, 1.25242734f, -0.251003921f];
    private static readonly float[] Linear = [1.39122736f, 0.458282053f, 2.03647447f, -0.840124309f, -0.660615146f, 1.20346808f];
    private static readonly float[] MaxPool1d = [0.764328957f, 0.997606397f, 0.668055594f, -0.712591648f, -0.0231832303f, 0.998543322f, 0.998543322f, 0.0846764445f, -0.145848528f, 0.583985209f];
    private static readonly float[] AvgPool1d = [0.432081193f, 0.809997022f, -0.0311768055f, -0.811916888f, -0.367887437f, 0.838923991f, 0.612548351f, -0.51383239f, -0.644191623f, 0.219068348f];
    private static readonly float[] AdaptiveAvgPool1d = [0.620589554f, 0.542421401f, -0.587185681f, -0.0188234057f, 0.810757697f, 0.0687522292f];
    private static readonly float[] NearestScale = [0.099833414f, 0.099833414f, 0.764328957f, 0.997606397f, 0.997606397f, 0.668055594f, -0.0383979045f, -0.723188102f, -0.723188102f, -0.999971032f, -0.712591648f, -0.712591648f, -0.0231832303f, 0.679304659f];
    private static readonly float[] LinearSize = [0.099833414f, 0.390550226f, 0.778908789f, 0.924707174f, 0.894621789f, 0.688652515f, 0.27067551f, -0.0383979045f, -0.723188102f, -0.84428066f, -0.982009828f, -0.802397728f, -0.497151524f, -0.0662712604f, 0.371966213f, 0.679304659f];
    private static readonly float[] LinearAligned = [0.099833414f, 0.479545146f, 0.797654331f, 0.930955708f, 0.903448999f, 0.715134203f, 0.365289688f, -0.0383979045f, -0.723188102f, -0.881349742f, -0.958916843f, -0.794700027f, -0.515617728f, -0.12167006f, 0.277883112f, 0.679304659f];
    private static readonly float[] CrossEntropy = [1.52873456f];
    private static readonly float[] CrossEntropyNone = [1.69208002f, 1.85100985f, 1.25922072f, 2.05212355f];
    private static readonly float[] Bce = [0.8774454f];
    private static readonly float[] Mse = [0.917465389f];
    private static readonly float[] MhaOutput = [0.731707454f, 1.12606359f, 0.134988606f, -0.545277774f, 1.29806495f, 0.701554298f, -0.305161595f, 0.010088861f, 0.370333165f, 0.0474590659f, 0.817033529f, 0.330553949f, 2.20622468f, 0.684150934f, -1.20814741f, 0.295951188f, 0.699986219f, -0.480528414f, 0.644351959f, 0.909879863f, -1.57034969f, -0.45357126f, 2.90667295f, 0.21033138f];
    private static readonly float[] MhaWeights = [0.399911195f, 0.433267385f, 0.16682139f, 0f, 0f, 0.500052512f, 0.191772044f, 0.308175445f, 0f, 0f, 0.0978990197f, 0.0402027853f, 0.861898243f, 0f, 0f, 0.100345314f, 0.613775313f, 0.121820465f, 0.060015399f, 0.104043543f, 0.266655385f, 0.184848994f, 0.112627581f, 0.168626249f, 0.267241836f, 0.101039983f, 0.0822957531f, 0.357688248f, 0.379653096f, 0.0793229714f];
    private static readonly float[] LstmOutput = [-0.465022773f, 0.249452069f, -0.388364285f, 0.477331132f, -0.565984309f, 0.565636814f, -0.742523909f, -0.239794105f, -0.131195575f, -0.193937048f, -0.462386936f, -0.410244823f, -0.630483508f, 0.130007848f, -0.484534204f, 0.455798537f];
    private static readonly float[] LstmH = [-0.742523909f, -0.239794105f, -0.484534204f, 0.455798537f];
    private static readonly float[] LstmC = [-1.09280682f, -0.47565192f, -2.00601745f, 0.509882927f];
    internal static readonly float[] SeededLinearWeight = [-0.00432251766f, 0.309715837f, -0.475185335f, -0.424894601f, -0.222368971f, 0.154820725f];
    internal static readonly float[] SeededLinearBias = [-0.0114391446f, 0.457774937f];
    internal static readonly float[] SeededConvWeight = [-0.0023675405f, 0.169638351f, -0.260269731f, -0.232724354f, -0.121796504f, 0.0847988054f, -0.00626547774f, 0.250733674f, -0.0280633308f, 0.0836778358f, -0.0955681652f, -0.062159434f, -0.302107722f, -0.209431991f, -0.130356386f, 0.0117142061f, 0.125015959f, 0.189743862f, -0.214383796f, -0.13770543f, 0.114859335f, 0.26259172f, -0.0650797263f, 0.236636952f, -0.0509706512f, 0.0334613547f, 0.28633672f, -0.293355137f, -0.199077368f, -0.0800578818f];
    internal static readonly float[] SeededConvBias = [-0.123265564f, 0.273221046f, -0.204972401f];

    internal static Tensor V(double a, double b, params long[] shape) => V(a, b, ScalarType.Float32, shape);

    internal static Tensor V(double a, double b, ScalarType dtype, params long[] shape)
    {
        var n = shape.Aggregate(1L, (p, d) => p * d);
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = Math.Sin(i * a + b);
        var t = torch.tensor(values, shape);
        if (dtype == ScalarType.Float64) return t;
        var converted = t.to(dtype);
        t.Dispose();
        return converted;
    }

    internal static void AssertClose(float[] expected, Tensor actual, double tol = 2e-5)
    {
        var got = actual.dtype == ScalarType.Float32 ? actual.data<float>() : actual.to(ScalarType.Float32).data<float>();
        Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < got.Length; i++)
            Assert.True(Math.Abs(expected[i] - got[i]) <= tol * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {got[i]}");
    }

    [Fact]
    public void ConvolutionsMatchPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        AssertClose(Conv1d, F.conv1d(V(0.37, 0.1, 2, 4, 9), V(0.91, 0.3, 6, 2, 3), V(1.3, 0.2, 6), stride: 2, padding: 1, dilation: 2, groups: 2));
        AssertClose(Conv2d, F.conv2d(V(0.37, 0.1, 1, 2, 5, 6), V(0.91, 0.3, 3, 2, 3, 2), V(1.3, 0.2, 3), stride: (2, 1), padding: (1, 0), dilation: (1, 2)));
        AssertClose(ConvT1d, F.conv_transpose1d(V(0.37, 0.1, 1, 2, 5), V(0.91, 0.3, 2, 3, 3), V(1.3, 0.2, 3), stride: 2, padding: 1, outputPadding: 1));
    }

    [Fact]
    public void NormalisationAndLinearMatchPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var x = V(0.37, 0.1, 3, 2, 4);
        var rm = torch.tensor(new float[] { 0.1f, -0.2f });
        var rv = torch.tensor(new float[] { 1.5f, 0.5f });
        var g = torch.tensor(new float[] { 1.2f, 0.8f });
        var b = torch.tensor(new float[] { 0.1f, -0.1f });
        AssertClose(BatchNormTrain, F.batch_norm(x, rm, rv, g, b, training: true, momentum: 0.2));
        AssertClose(BatchNormRunningMean, rm);
        AssertClose(BatchNormRunningVar, rv);
        AssertClose(BatchNormEval, F.batch_norm(x, rm, rv, g, b, training: false));
        AssertClose(LayerNorm, F.layer_norm(V(0.37, 0.1, 2, 3, 4), [4], V(0.5, 1.0, 4), V(0.7, 0.2, 4)));
        AssertClose(Linear, F.linear(V(0.37, 0.1, 3, 4), V(0.91, 0.3, 2, 4), V(1.3, 0.2, 2)));
    }

    [Fact]
    public void PoolingAndInterpolationMatchPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var x = V(0.77, 0.1, 1, 2, 9);
        AssertClose(MaxPool1d, F.max_pool1d(x, 3, 2, 1));
        AssertClose(AvgPool1d, F.avg_pool1d(x, 3, 2, 1, countIncludePad: false));
        AssertClose(AdaptiveAvgPool1d, F.adaptive_avg_pool1d(V(0.77, 0.1, 1, 2, 7), 3));
        var y = V(0.77, 0.1, 1, 2, 5);
        var nearest = F.interpolate(y, scaleFactor: 1.5);
        Assert.Equal(new long[] { 1, 2, 7 }, nearest.shape);
        AssertClose(NearestScale, nearest);
        AssertClose(LinearSize, F.interpolate(y, size: 8, mode: "linear", alignCorners: false));
        AssertClose(LinearAligned, F.interpolate(y, size: 8, mode: "linear", alignCorners: true));
        Assert.Throws<ArgumentException>(() => F.interpolate(y, size: 8, mode: "cubic"));
    }

    [Fact]
    public void LossesMatchPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var logits = V(0.9, 0.1, 4, 3);
        var target = torch.tensor(new long[] { 0, 2, 1, 2 });
        var classWeights = torch.tensor(new float[] { 1, 2, 0.5f });
        AssertClose(CrossEntropy, F.cross_entropy(logits, target, classWeights, labelSmoothing: 0.1));
        AssertClose(CrossEntropyNone, F.cross_entropy(logits, target, reduction: "none"));
        var targets01 = V(1.7, 0.4, 4, 3).data<float>().Select(v => v > 0 ? 1f : 0f).ToArray();
        AssertClose(Bce, F.binary_cross_entropy_with_logits(logits, torch.tensor(targets01, 4, 3), posWeight: torch.tensor(new float[] { 1, 3, 0.5f })));
        AssertClose(Mse, F.mse_loss(logits, V(1.7, 0.4, 4, 3)));
        Assert.Throws<ArgumentException>(() => F.mse_loss(logits, logits, reduction: "average"));
    }

    [Fact]
    public void MultiHeadAttentionMatchesPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var mask = torch.tensor(new[] { false, false, false, true, true, false, false, false, false, false }, 2, 5);
        var (output, weights) = F.multi_head_attention_forward(V(0.37, 0.1, 2, 3, 4), V(0.53, 0.2, 2, 5, 3), V(0.61, 0.3, 2, 5, 2), 2,
            V(0.91, 0.3, 4, 4), V(0.81, 0.5, 4, 3), V(0.71, 0.7, 4, 2), V(1.3, 0.2, 12), V(0.43, 0.9, 4, 4), V(1.1, 0.4, 4), keyPaddingMask: mask);
        AssertClose(MhaOutput, output);
        Assert.Equal(new long[] { 2, 3, 5 }, weights!.shape);
        AssertClose(MhaWeights, weights);

        var (_, perHead) = F.multi_head_attention_forward(V(0.37, 0.1, 2, 3, 4), V(0.53, 0.2, 2, 5, 3), V(0.61, 0.3, 2, 5, 2), 2,
            V(0.91, 0.3, 4, 4), V(0.81, 0.5, 4, 3), V(0.71, 0.7, 4, 2), V(1.3, 0.2, 12), V(0.43, 0.9, 4, 4), V(1.1, 0.4, 4),
            keyPaddingMask: mask, averageAttnWeights: false);
        Assert.Equal(new long[] { 2, 2, 3, 5 }, perHead!.shape);
        var (_, none) = F.multi_head_attention_forward(V(0.37, 0.1, 2, 3, 4), V(0.53, 0.2, 2, 5, 3), V(0.61, 0.3, 2, 5, 2), 2,
            V(0.91, 0.3, 4, 4), V(0.81, 0.5, 4, 3), V(0.71, 0.7, 4, 2), null, V(0.43, 0.9, 4, 4), null, needWeights: false);
        Assert.Null(none);
    }

    [Fact]
    public void CausalAttentionMaskBlocksFutureKeys()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiheadAttention(4, 2);
        var x = V(0.37, 0.1, 1, 3, 4);
        var causal = torch.tensor(new[] { false, true, true, false, false, true, false, false, false }, 3, 3);
        var (output, weights) = mha.call(x, x, x, attnMask: causal);
        var w = weights!.data<float>();
        Assert.Equal([0f, 0f, 0f], new[] { w[1], w[2], w[5] });
        Assert.Equal(1f, w[0], 6);
        var additive = torch.tensor(new[] { 0f, float.NegativeInfinity, float.NegativeInfinity, 0, 0, float.NegativeInfinity, 0, 0, 0 }, 3, 3);
        Assert.Equal(output.data<float>(), mha.call(x, x, x, attnMask: additive).Output.data<float>());
    }

    [Fact]
    public void MultiheadAttentionModuleUsesPyTorchParameterNames()
    {
        using var mha = new MultiheadAttention(4, 2, kdim: 3, vdim: 2);
        Assert.Equal(["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"],
            mha.named_parameters().Select(p => p.Name));
        using var scope = torch.NewDisposeScope();
        var state = new Dictionary<string, Tensor>
        {
            ["q_proj_weight"] = V(0.91, 0.3, 4, 4), ["k_proj_weight"] = V(0.81, 0.5, 4, 3), ["v_proj_weight"] = V(0.71, 0.7, 4, 2),
            ["in_proj_bias"] = V(1.3, 0.2, 12), ["out_proj.weight"] = V(0.43, 0.9, 4, 4), ["out_proj.bias"] = V(1.1, 0.4, 4),
        };
        mha.load_state_dict(state);
        var mask = torch.tensor(new[] { false, false, false, true, true, false, false, false, false, false }, 2, 5);
        var (output, weights) = mha.call(V(0.37, 0.1, 2, 3, 4), V(0.53, 0.2, 2, 5, 3), V(0.61, 0.3, 2, 5, 2), mask);
        AssertClose(MhaOutput, output);
        AssertClose(MhaWeights, weights!);
    }

    [Fact]
    public void LstmMatchesPyTorch()
    {
        using var lstm = new LSTM(3, 2);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"], lstm.named_parameters().Select(p => p.Name));
        using var scope = torch.NewDisposeScope();
        lstm.load_state_dict(new Dictionary<string, Tensor>
        {
            ["weight_ih_l0"] = V(0.91, 0.3, 8, 3), ["weight_hh_l0"] = V(0.81, 0.5, 8, 2), ["bias_ih_l0"] = V(1.3, 0.2, 8), ["bias_hh_l0"] = V(1.1, 0.4, 8),
        });
        var (output, (h, c)) = lstm.call(V(0.37, 0.1, 2, 4, 3));
        AssertClose(LstmOutput, output);
        AssertClose(LstmH, h);
        AssertClose(LstmC, c);
        using var bi = new LSTM(3, 4, numLayers: 2, bidirectional: true);
        Assert.Equal(16, bi.named_parameters().Count());
        var (o2, (h2, _)) = bi.call(V(0.37, 0.1, 2, 4, 3));
        Assert.Equal(new long[] { 2, 4, 8 }, o2.shape);
        Assert.Equal(new long[] { 4, 2, 4 }, h2.shape);
    }

    [Fact]
    public void DropoutZeroesAndRescalesInTrainingOnly()
    {
        using var scope = torch.NewDisposeScope();
        var ones = torch.tensor(Enumerable.Repeat(1f, 10000).ToArray());
        var dropped = F.dropout(ones, 0.3, training: true).data<float>();
        var zeros = dropped.Count(v => v == 0);
        Assert.InRange(zeros, 2700, 3300);
        Assert.All(dropped.Where(v => v != 0), v => Assert.Equal(1 / 0.7f, v, 5));
        Assert.Equal(ones.data<float>(), F.dropout(ones, 0.3, training: false).data<float>());
        using var module = new Dropout(0.3);
        module.eval();
        Assert.Equal(ones.data<float>(), module.call(ones).data<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
    }

    [Fact]
    public void EmbeddingLooksUpRows()
    {
        using var scope = torch.NewDisposeScope();
        var weight = V(0.5, 0.1, 5, 3);
        var rows = F.embedding(torch.tensor(new long[] { 4, 0, 4 }), weight).data<float>();
        var w = weight.data<float>();
        Assert.Equal(w[12..15].Concat(w[0..3]).Concat(w[12..15]), rows);
        using var module = new Embedding(5, 3, paddingIdx: 1);
        Assert.All(module.weight.data<float>()[3..6], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ShapeMismatchesRaiseTorchShapeException()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = new Conv1d(4, 8, 3);
        Assert.Throws<TorchShapeException>(() => conv.call(V(0.1, 0, 2, 3, 16)));
        using var linear = new Linear(10, 2);
        Assert.Throws<TorchShapeException>(() => linear.call(V(0.1, 0, 4, 9)));
        using var bn = new BatchNorm1d(4);
        Assert.Throws<TorchShapeException>(() => bn.call(V(0.1, 0, 2, 4, 3, 3)));
    }

    // ---- gradients: central finite differences in float64 ----

    [Fact]
    public void ConvolutionGradientsMatchFiniteDifferences()
    {
        Gradcheck.Check(a => F.conv1d(a[0], a[1], a[2], stride: 2, padding: 1, dilation: 2, groups: 2),
            V(0.37, 0.1, ScalarType.Float64, 2, 4, 7), V(0.91, 0.3, ScalarType.Float64, 4, 2, 3), V(1.3, 0.2, ScalarType.Float64, 4));
        Gradcheck.Check(a => F.conv2d(a[0], a[1], a[2], stride: (2, 1), padding: (1, 0), dilation: (1, 2)),
            V(0.37, 0.1, ScalarType.Float64, 1, 2, 4, 5), V(0.91, 0.3, ScalarType.Float64, 2, 2, 3, 2), V(1.3, 0.2, ScalarType.Float64, 2));
        Gradcheck.Check(a => F.conv_transpose1d(a[0], a[1], a[2], stride: 2, padding: 1, outputPadding: 1),
            V(0.37, 0.1, ScalarType.Float64, 1, 2, 5), V(0.91, 0.3, ScalarType.Float64, 2, 3, 3), V(1.3, 0.2, ScalarType.Float64, 3));
    }

    [Fact]
    public void NormalisationAndLinearGradientsMatchFiniteDifferences()
    {
        Gradcheck.Check(a => F.batch_norm(a[0], null, null, a[1], a[2], training: true),
            V(0.37, 0.1, ScalarType.Float64, 3, 2, 4), V(0.5, 1.0, ScalarType.Float64, 2), V(0.7, 0.2, ScalarType.Float64, 2));
        Gradcheck.Check(a => F.layer_norm(a[0], [4], a[1], a[2]),
            V(0.37, 0.1, ScalarType.Float64, 2, 3, 4), V(0.5, 1.0, ScalarType.Float64, 4), V(0.7, 0.2, ScalarType.Float64, 4));
        Gradcheck.Check(a => F.linear(a[0], a[1], a[2]),
            V(0.37, 0.1, ScalarType.Float64, 3, 4), V(0.91, 0.3, ScalarType.Float64, 2, 4), V(1.3, 0.2, ScalarType.Float64, 2));
        Gradcheck.Check(a => F.embedding(torch.tensor(new long[] { 2, 0, 2, 1 }), a[0]), V(0.5, 0.1, ScalarType.Float64, 3, 2));
    }

    [Fact]
    public void PoolingAndInterpolationGradientsMatchFiniteDifferences()
    {
        // sin(0.77 i + 0.1) has no ties within a pooling window, so max pooling is differentiable here.
        var x = () => V(0.77, 0.1, ScalarType.Float64, 1, 2, 9);
        Gradcheck.Check(a => F.max_pool1d(a[0], 3, 2, 1), x());
        Gradcheck.Check(a => F.avg_pool1d(a[0], 3, 2, 1, countIncludePad: false), x());
        Gradcheck.Check(a => F.adaptive_avg_pool1d(a[0], 4), x());
        Gradcheck.Check(a => F.interpolate(a[0], size: 13, mode: "linear"), x());
        Gradcheck.Check(a => F.interpolate(a[0], scaleFactor: 1.5, mode: "nearest"), x());
    }

    [Fact]
    public void LossGradientsMatchFiniteDifferences()
    {
        var target = torch.tensor(new long[] { 0, 2, 1, 2 });
        var classWeights = torch.tensor(new double[] { 1, 2, 0.5 });
        Gradcheck.Check(a => F.cross_entropy(a[0], target, classWeights, labelSmoothing: 0.1), V(0.9, 0.1, ScalarType.Float64, 4, 3));
        var y = torch.tensor(new double[] { 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1 }, 4, 3);
        Gradcheck.Check(a => F.binary_cross_entropy_with_logits(a[0], y, posWeight: torch.tensor(new double[] { 1, 3, 0.5 })), V(0.9, 0.1, ScalarType.Float64, 4, 3));
        Gradcheck.Check(a => F.mse_loss(a[0], a[1]), V(0.9, 0.1, ScalarType.Float64, 4, 3), V(1.7, 0.4, ScalarType.Float64, 4, 3));
    }

    [Fact]
    public void AttentionAndLstmGradientsMatchFiniteDifferences()
    {
        var mask = torch.tensor(new[] { false, false, true, false, false, false }, 2, 3);
        Gradcheck.Check(a => F.multi_head_attention_forward(a[0], a[1], a[2], 2, a[3], a[4], a[5], a[6], a[7], a[8], keyPaddingMask: mask).Output,
            V(0.37, 0.1, ScalarType.Float64, 2, 2, 4), V(0.53, 0.2, ScalarType.Float64, 2, 3, 3), V(0.61, 0.3, ScalarType.Float64, 2, 3, 2),
            V(0.91, 0.3, ScalarType.Float64, 4, 4), V(0.81, 0.5, ScalarType.Float64, 4, 3), V(0.71, 0.7, ScalarType.Float64, 4, 2),
            V(1.3, 0.2, ScalarType.Float64, 12), V(0.43, 0.9, ScalarType.Float64, 4, 4), V(1.1, 0.4, ScalarType.Float64, 4));
        Gradcheck.Check(a => F.lstm(a[0], [a[1], a[2], a[3], a[4]], hasBiases: true, numLayers: 1).Output,
            V(0.37, 0.1, ScalarType.Float64, 2, 3, 3), V(0.91, 0.3, ScalarType.Float64, 8, 3), V(0.81, 0.5, ScalarType.Float64, 8, 2),
            V(1.3, 0.2, ScalarType.Float64, 8), V(1.1, 0.4, ScalarType.Float64, 8));
    }

    [Fact]
    public void ActivationGradientsMatchFiniteDifferences()
    {
        var x = () => V(0.77, 0.1, ScalarType.Float64, 2, 5);
        Gradcheck.Check(a => F.relu(a[0]), x());
        Gradcheck.Check(a => F.gelu(a[0]), x());
        Gradcheck.Check(a => F.silu(a[0]), x());
        Gradcheck.Check(a => F.leaky_relu(a[0], 0.2), x());
        Gradcheck.Check(a => F.log_softmax(a[0], 1), x());
    }
}

/// <summary>Compares autograd with central finite differences of sum(f(inputs) · R) for a fixed random R.</summary>
internal static class Gradcheck
{
    internal static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        var values = inputs.Select(t => t.data<double>()).ToArray();
        var shapes = inputs.Select(t => t.shape).ToArray();
        var leaves = values.Select((v, i) => torch.tensor(v, shapes[i]).requires_grad_()).ToArray();
        var y = f(leaves);
        var rng = new Random(7);
        var weights = torch.tensor(Enumerable.Range(0, (int)y.numel()).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), y.shape);
        y.mul(weights).sum().backward();

        double Objective(double[][] vals)
        {
            using var inner = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var ts = vals.Select((v, i) => torch.tensor(v, shapes[i])).ToArray();
            return f(ts).mul(weights).sum().item<double>();
        }

        const double h = 1e-6;
        for (var k = 0; k < leaves.Length; k++)
        {
            var analytic = leaves[k].grad?.data<double>() ?? new double[values[k].Length];
            for (var j = 0; j < values[k].Length; j++)
            {
                var original = values[k][j];
                values[k][j] = original + h;
                var plus = Objective(values);
                values[k][j] = original - h;
                var minus = Objective(values);
                values[k][j] = original;
                var numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[j]) <= 1e-5 * (1 + Math.Abs(numeric)),
                    $"input {k} element {j}: finite difference {numeric}, autograd {analytic[j]}");
            }
        }
        foreach (var t in inputs) t.Dispose();
    }
}

/// <summary>
/// Tests that depend on the global CPU generator's sequence: they run alone (after the parallel
/// tests), since any other test constructing a layer or drawing random numbers advances it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "Global RNG";
}

[Collection(GlobalRngCollection.Name)]
public class SeededInitTests
{
    [Fact]
    public void DefaultInitialisationDrawsPyTorchsValuesForTheSameSeed()
    {
        torch.manual_seed(0);
        using var lin = new Linear(3, 2);
        NNFunctionalTests.AssertClose(NNFunctionalTests.SeededLinearWeight, lin.weight, 1e-6);
        NNFunctionalTests.AssertClose(NNFunctionalTests.SeededLinearBias, lin.bias!, 1e-6);
        torch.manual_seed(0);
        using var conv = new Conv1d(2, 3, 5);
        NNFunctionalTests.AssertClose(NNFunctionalTests.SeededConvWeight, conv.weight, 1e-6);
        NNFunctionalTests.AssertClose(NNFunctionalTests.SeededConvBias, conv.bias!, 1e-6);
    }
}
