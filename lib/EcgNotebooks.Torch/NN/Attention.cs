namespace EcgNotebooks.Torch.NN;

/// <summary>
/// nn.MultiheadAttention with separate q/k/v projections (PyTorch's parameters when
/// _qkv_same_embed_dim is False: q_proj_weight, k_proj_weight, v_proj_weight, in_proj_bias,
/// out_proj.weight, out_proj.bias), so PyTorch state dicts map 1:1. The whole attention runs in
/// one native call. Inputs (N, L, E) when batchFirst (the default here), else (L, N, E).
/// </summary>
public sealed class MultiheadAttention : Module
{
    public Tensor q_proj_weight { get; }
    public Tensor k_proj_weight { get; }
    public Tensor v_proj_weight { get; }
    public Tensor? in_proj_bias { get; }
    public Linear out_proj { get; }
    public long embed_dim { get; }
    public long num_heads { get; }
    public double dropout { get; }
    public bool batch_first { get; }

    public MultiheadAttention(long embedDim, long numHeads, double dropout = 0, bool bias = true, long? kdim = null, long? vdim = null, bool batchFirst = true)
    {
        if (numHeads < 1 || embedDim % numHeads != 0)
            throw new ArgumentException($"embed_dim ({embedDim}) must be divisible by num_heads ({numHeads})");
        (embed_dim, num_heads, this.dropout, batch_first) = (embedDim, numHeads, dropout, batchFirst);
        q_proj_weight = register_parameter("q_proj_weight", Ops.Empty(embedDim, embedDim));
        k_proj_weight = register_parameter("k_proj_weight", Ops.Empty(embedDim, kdim ?? embedDim));
        v_proj_weight = register_parameter("v_proj_weight", Ops.Empty(embedDim, vdim ?? embedDim));
        if (bias) in_proj_bias = register_parameter("in_proj_bias", Ops.Filled(0, 3 * embedDim));
        out_proj = register_module("out_proj", new Linear(embedDim, embedDim, bias));
        // PyTorch's _reset_parameters: xavier_uniform_ on the projections, zero biases.
        Init.xavier_uniform_(q_proj_weight);
        Init.xavier_uniform_(k_proj_weight);
        Init.xavier_uniform_(v_proj_weight);
        if (out_proj.bias is { } ob) Init.zeros_(ob);
    }

    /// <summary>
    /// keyPaddingMask (N, Lk): true = ignore that key. attnMask (Lq, Lk): bool (true = not allowed)
    /// or float (added). Weights (N, Lq, Lk) averaged over heads, or (N, heads, Lq, Lk).
    /// </summary>
    public (Tensor Output, Tensor? Weights) forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, bool needWeights = true,
        bool averageAttnWeights = true, Tensor? attnMask = null) =>
        Functional.multi_head_attention_forward(query, key, value, num_heads, q_proj_weight, k_proj_weight, v_proj_weight, in_proj_bias,
            out_proj.weight, out_proj.bias, dropout, training, batch_first, keyPaddingMask, attnMask, needWeights, averageAttnWeights);

    public (Tensor Output, Tensor? Weights) call(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, bool needWeights = true,
        bool averageAttnWeights = true, Tensor? attnMask = null) =>
        forward(query, key, value, keyPaddingMask, needWeights, averageAttnWeights, attnMask);
}
