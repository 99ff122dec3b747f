using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace EcgNotebooks.Cli.Bench;

/// <summary>
/// The benchmark network (twin: tests/benchmarks/resnet1d_train_step.py, written op for op the
/// same way): three residual blocks 1→32→64→128 channels, kernel 7, max-pool between blocks,
/// global average pool, linear to 5 classes.
/// </summary>
public sealed class ResNet1d : Module<Tensor, Tensor>
{
    /// <summary>conv-bn-relu-conv-bn plus a 1×1 conv shortcut when the channel count changes; relu after the add.</summary>
    private sealed class ResidualBlock : Module<Tensor, Tensor>
    {
        private readonly Conv1d conv1, conv2;
        private readonly BatchNorm1d bn1, bn2;
        private readonly Conv1d? shortcut;

        public ResidualBlock(long inChannels, long outChannels, long kernel) : base(nameof(ResidualBlock))
        {
            conv1 = this.Register("conv1", Conv1d(inChannels, outChannels, kernel, padding: kernel / 2, bias: false));
            bn1 = this.Register("bn1", BatchNorm1d(outChannels));
            conv2 = this.Register("conv2", Conv1d(outChannels, outChannels, kernel, padding: kernel / 2, bias: false));
            bn2 = this.Register("bn2", BatchNorm1d(outChannels));
            if (inChannels != outChannels) shortcut = this.Register("shortcut", Conv1d(inChannels, outChannels, 1, bias: false));
        }

        public override Tensor forward(Tensor x)
        {
            var y = bn2.call(conv2.call(F.relu(bn1.call(conv1.call(x)))));
            return F.relu(y + (shortcut?.call(x) ?? x));
        }
    }

    private readonly ResidualBlock block1, block2, block3;
    private readonly Linear head;

    public ResNet1d(long classes = 5, long kernel = 7) : base(nameof(ResNet1d))
    {
        block1 = this.Register("block1", new ResidualBlock(1, 32, kernel));
        block2 = this.Register("block2", new ResidualBlock(32, 64, kernel));
        block3 = this.Register("block3", new ResidualBlock(64, 128, kernel));
        head = this.Register("head", Linear(128, classes));
    }

    public override Tensor forward(Tensor x)
    {
        x = F.max_pool1d(block1.call(x), 2);
        x = F.max_pool1d(block2.call(x), 2);
        x = F.adaptive_avg_pool1d(block3.call(x), 1);
        return head.call(x.flatten(1));
    }
}
