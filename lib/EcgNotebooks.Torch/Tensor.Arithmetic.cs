using EcgNotebooks.Torch.Native;

namespace EcgNotebooks.Torch;

public partial class Tensor
{
    public Tensor add(Tensor other, double alpha = 1) => Wrap(NativeMethods.ecg_add(Handle, other.Handle, alpha));
    public Tensor mul(Tensor other) => Wrap(NativeMethods.ecg_mul(Handle, other.Handle));
    public Tensor matmul(Tensor other) => Wrap(NativeMethods.ecg_matmul(Handle, other.Handle));
    public Tensor sum() => Wrap(NativeMethods.ecg_sum_all(Handle));

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.add(b, -1);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
}
