// The output layer in matrix form when it is softmax: its slope is the Jacobian ∂a/∂z, a matrix, so
// δ^(L) = (∂a/∂z)^T ∂C₀/∂a is a matrix product instead of the elementwise error ⊙ slope.
import { column, layered, matrix } from "../lib/math-matrix.js";
import { c0, m, mi, mn, mo, partial } from "../lib/mathml.js";
import { jacobianEntry } from "../lib/softmax.js";

/** The lines of the output layer L for a softmax output; `line(caption, ...math)` draws one. */
export function softmaxOutputLines(network, pass, L, line) {
  const a = pass.a[L];
  const delta = () => layered("δ", L);
  const gradA = () => partial(c0(), layered("a", L));
  const jacobianT = () => m("msup", m("mrow", mo("("), partial(layered("a", L), layered("z", L)), mo(")")), mi("T"));
  const entries = a.map((_, i) => a.map((__, j) => jacobianEntry(a, i, j)));
  const lines = [
    line("A softmax output has no slope per neuron: each aᵢ depends on every zⱼ, so its slope is the Jacobian ∂aᵢ/∂zⱼ = aᵢ(1[i=j] − aⱼ), and the error passes through a matrix product, a sum over the outputs, instead of ⊙:",
      delta(), mo("="), jacobianT(), gradA()),
    line("This example's Jacobian (symmetric, so it equals its transpose) times the error ∂C₀/∂a:",
      delta(), mo("="), matrix(entries, { quantity: "jacobian" }), column(pass.grad_a[L], { quantity: "output-error" }),
      mo("="), column(pass.delta[L - 1], { quantity: "delta" })),
  ];
  if (network.loss === "categorical_cross_entropy") {
    lines.push(line("With categorical cross-entropy (∂C₀/∂aᵢ = −yᵢ/aᵢ) the sum collapses: δ = a − y.",
      delta(), mo("="), column(a, { quantity: "activation" }), mo("−"), column(pass.y, { quantity: "target" }),
      mo("="), column(pass.delta[L - 1], { quantity: "delta" })));
  } else {
    lines.push(line("Squared error: ∂C₀/∂a = 2(a − y); through the Jacobian, δⱼ = aⱼ(eⱼ − Σᵢ aᵢeᵢ) with e = 2(a − y).",
      gradA(), mo("="), mn(2), mo("("), column(a, { quantity: "activation" }), mo("−"), column(pass.y, { quantity: "target" }), mo(")")));
  }
  return lines;
}
