using System.Globalization;

namespace EcgNotebooks.Torch.NN;

/// <summary>
/// nn.LSTM with PyTorch's parameter names (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0,
/// *_reverse for the backward direction) and init U(±1/√hidden). Inputs (N, L, input) when
/// batchFirst (the default here). forward returns the output and the final (h, c).
/// </summary>
public sealed class LSTM : Module<Tensor, (Tensor Output, (Tensor H, Tensor C) State)>
{
    private readonly List<Tensor> flatWeights = [];
    public long input_size { get; }
    public long hidden_size { get; }
    public long num_layers { get; }
    public bool bias { get; }
    public bool batch_first { get; }
    public double dropout { get; }
    public bool bidirectional { get; }

    public LSTM(long inputSize, long hiddenSize, long numLayers = 1, bool batchFirst = true, bool bidirectional = false, bool bias = true, double dropout = 0)
    {
        (input_size, hidden_size, num_layers, this.bias, batch_first, this.dropout, this.bidirectional) =
            (inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        var dirs = bidirectional ? 2 : 1;
        var bound = 1 / Math.Sqrt(hiddenSize);
        for (var layer = 0; layer < numLayers; layer++)
        {
            var layerInput = layer == 0 ? inputSize : hiddenSize * dirs;
            for (var dir = 0; dir < dirs; dir++)
            {
                var suffix = string.Create(CultureInfo.InvariantCulture, $"_l{layer}{(dir == 1 ? "_reverse" : "")}");
                Add("weight_ih" + suffix, 4 * hiddenSize, layerInput);
                Add("weight_hh" + suffix, 4 * hiddenSize, hiddenSize);
                if (!bias) continue;
                Add("bias_ih" + suffix, 4 * hiddenSize);
                Add("bias_hh" + suffix, 4 * hiddenSize);
            }
        }
        foreach (var w in flatWeights) Init.uniform_(w, -bound, bound);

        void Add(string name, params long[] shape) => flatWeights.Add(register_parameter(name, Ops.Empty(shape)));
    }

    public override (Tensor Output, (Tensor H, Tensor C) State) forward(Tensor input) => forward(input, null);

    /// <summary>state: initial (h, c), each (layers * directions, N, hidden); zeros when null.</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) forward(Tensor input, (Tensor H, Tensor C)? state) =>
        Functional.lstm(input, flatWeights, bias, num_layers, state, dropout, training, bidirectional, batch_first);
}
