using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EcgNotebooks.Engine;

public static class BatchFirst
{
    /// <summary>
    /// nn.MultiheadAttention on (batch, tokens, dims) inputs: TorchSharp's module is sequence-first and has no
    /// batch_first switch. Returns (batch, queries, dims) and, when asked, the weights averaged over heads
    /// (batch, queries, keys).
    /// </summary>
    public static (Tensor Output, Tensor? Weights) Attend(MultiheadAttention attention, Tensor query, Tensor key, Tensor value, bool needWeights)
    {
        var (output, weights) = attention.forward(query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1),
            key_padding_mask: null, need_weights: needWeights, attn_mask: null);
        return (output.transpose(0, 1), needWeights ? weights : null);
    }
}
