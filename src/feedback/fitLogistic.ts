/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised
 * columns, so one penalty means the same for a rare and a common feature. Small and
 * dependency-free: calibration has tens of features and at most a few hundred thousand
 * rows, where a dense d×d Newton step is cheap and converges in a handful of iterations.
 */
export interface LogisticFit {
  intercept: number;
  /** One weight per column on the original (unstandardised) scale; 0 for a constant column. */
  weights: number[];
  iterations: number;
  converged: boolean;
  /**
   * With `posterior`: per column, the weight on the standardised scale and its posterior
   * variance (the diagonal of the inverse penalised Hessian at the fit); 0 and 0 for a
   * constant column.
   */
  standardised?: { weights: number[]; variances: number[] };
}

export interface LogisticOptions {
  /** Penalty on the standardised weights (the intercept is not penalised). */
  lambda?: number;
  /**
   * Weights (original scale, one per column) the penalty pulls towards instead of 0: a
   * Gaussian prior centred on what the team uses today, so few outcomes move the weights
   * little and many outcomes move them as far as the data says.
   */
  prior?: ArrayLike<number>;
  /** Per column, a penalty replacing `lambda` for that column (a Gaussian prior of variance 1/penalty). */
  penalties?: ArrayLike<number>;
  /** Also return the standardised weights and their posterior variances. */
  posterior?: boolean;
  /** A previous fit on the same columns to start Newton from (refits with other penalties converge in fewer steps). */
  start?: Pick<LogisticFit, 'intercept' | 'weights'>;
  maxIterations?: number;
  tolerance?: number;
}

const MAX_STEP = 5;

/** `columns[j][i]` is feature j of row i (column-major: features are built per rule). */
export function fitLogistic(
  columns: Float64Array[],
  labels: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticFit {
  const lambda = options.lambda ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const n = labels.length;
  const means = columns.map((c) => mean(c));
  const sds = columns.map((c, j) => Math.sqrt(mean(c.map((v) => (v - means[j]!) ** 2))));
  const live = columns.map((_, j) => j).filter((j) => sds[j]! > 1e-12);
  const d = live.length + 1; // parameter 0 is the intercept
  const m = Float64Array.from(live, (j) => means[j]!);
  const s = Float64Array.from(live, (j) => sds[j]!);
  // the standardised design is dense, the raw one mostly zeros (one band per criterion):
  // sums run over each row's non-zero raw values and are standardised afterwards
  const { offsets, index, value } = nonZeros(
    live.map((j) => columns[j]!),
    n,
  );
  const beta = new Float64Array(d);
  if (options.start) {
    beta[0] = options.start.intercept;
    live.forEach((j, k) => {
      beta[k + 1] = (options.start!.weights[j] ?? 0) * sds[j]!;
      beta[0] += (options.start!.weights[j] ?? 0) * means[j]!;
    });
  }
  const centre = new Float64Array(d);
  if (options.prior) live.forEach((j, k) => (centre[k + 1] = (options.prior![j] ?? 0) * sds[j]!));
  const penalty = Float64Array.from(live, (j) => options.penalties?.[j] ?? lambda);
  const q = d - 1;
  let lastHessian: Float64Array[] | null = null;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    // η = β0 + Σ β_k (x_k − m_k) / s_k = shift + Σ over non-zeros of β_k x_k / s_k
    const scaled = new Float64Array(q);
    let shift = beta[0]!;
    for (let k = 0; k < q; k++) {
      scaled[k] = beta[k + 1]! / s[k]!;
      shift -= scaled[k]! * m[k]!;
    }
    let sumW = 0;
    let sumR = 0;
    const sumWx = new Float64Array(q);
    const sumRx = new Float64Array(q);
    const cross = Array.from({ length: q }, () => new Float64Array(q));
    for (let i = 0; i < n; i++) {
      let eta = shift;
      for (let t = offsets[i]!; t < offsets[i + 1]!; t++) eta += scaled[index[t]!]! * value[t]!;
      const p = 1 / (1 + Math.exp(-eta));
      const w = Math.max(p * (1 - p), 1e-10);
      const r = labels[i]! - p;
      sumW += w;
      sumR += r;
      for (let t = offsets[i]!; t < offsets[i + 1]!; t++) {
        const a = index[t]!;
        const xa = value[t]!;
        sumWx[a] += w * xa;
        sumRx[a] += r * xa;
        const row = cross[a]!;
        for (let u = offsets[i]!; u < offsets[i + 1]!; u++) {
          const b = index[u]!;
          if (b >= a) row[b] += w * xa * value[u]!;
        }
      }
    }
    const grad = new Float64Array(d);
    const hess = Array.from({ length: d }, () => new Float64Array(d));
    grad[0] = sumR;
    hess[0]![0] = sumW;
    for (let a = 0; a < q; a++) {
      grad[a + 1] = (sumRx[a]! - m[a]! * sumR) / s[a]!;
      hess[0]![a + 1] = (sumWx[a]! - m[a]! * sumW) / s[a]!;
      for (let b = a; b < q; b++)
        hess[a + 1]![b + 1] =
          (cross[a]![b]! - m[a]! * sumWx[b]! - m[b]! * sumWx[a]! + m[a]! * m[b]! * sumW) / (s[a]! * s[b]!);
    }
    for (let a = 1; a < d; a++) {
      grad[a] -= penalty[a - 1]! * (beta[a]! - centre[a]!);
      hess[a]![a] += penalty[a - 1]!;
    }
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) hess[b]![a] = hess[a]![b]!;
    lastHessian = hess;
    const step = solveSymmetric(hess, grad);
    // damp huge first steps (nearly separable data) so Newton stays in its quadratic region
    const longest = step.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
    if (longest > MAX_STEP) for (let k = 0; k < d; k++) step[k] = (step[k]! * MAX_STEP) / longest;
    let size = 0;
    for (let k = 0; k < d; k++) {
      beta[k] += step[k]!;
      size = Math.max(size, Math.abs(step[k]!));
    }
    converged = size < tolerance;
  }
  const weights = columns.map(() => 0);
  let intercept = beta[0]!;
  live.forEach((j, k) => {
    weights[j] = beta[k + 1]! / sds[j]!;
    intercept -= weights[j]! * means[j]!;
  });
  if (!options.posterior || !lastHessian) return { intercept, weights, iterations, converged };
  const standardised = { weights: columns.map(() => 0), variances: columns.map(() => 0) };
  const variances = inverseDiagonal(lastHessian);
  live.forEach((j, k) => {
    standardised.weights[j] = beta[k + 1]!;
    standardised.variances[j] = variances[k + 1]!;
  });
  return { intercept, weights, iterations, converged, standardised };
}

/** Row-major list of the non-zero values of column-major data (CSR: row i is offsets[i]..offsets[i+1]). */
function nonZeros(columns: Float64Array[], n: number) {
  const offsets = new Int32Array(n + 1);
  for (const c of columns) for (let i = 0; i < n; i++) if (c[i] !== 0) offsets[i + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i]!;
  const index = new Int32Array(offsets[n]!);
  const value = new Float64Array(offsets[n]!);
  const next = offsets.slice(0, n);
  columns.forEach((c, k) => {
    for (let i = 0; i < n; i++) {
      if (c[i] === 0) continue;
      index[next[i]!] = k;
      value[next[i]!++] = c[i]!;
    }
  });
  return { offsets, index, value };
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length ? s / values.length : 0;
}

/** Lower Cholesky factor of a (positive definite, thanks to the penalty) symmetric matrix. */
function cholesky(matrix: Float64Array[]): Float64Array[] {
  const d = matrix.length;
  const l = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j]![j]!;
    }
  }
  return l;
}

/** Diagonal of the inverse: A⁻¹ = L⁻ᵀL⁻¹, so entry k is the sum of squares of column k of L⁻¹. */
function inverseDiagonal(matrix: Float64Array[]): Float64Array {
  const d = matrix.length;
  const l = cholesky(matrix);
  const out = new Float64Array(d);
  const column = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    column.fill(0);
    for (let i = k; i < d; i++) {
      let s = i === k ? 1 : 0;
      for (let t = k; t < i; t++) s -= l[i]![t]! * column[t]!;
      column[i] = s / l[i]![i]!;
      out[k] += column[i]! ** 2;
    }
  }
  return out;
}

/** Cholesky solve of the Newton system. */
function solveSymmetric(matrix: Float64Array[], rhs: Float64Array): Float64Array {
  const d = rhs.length;
  const l = cholesky(matrix);
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = rhs[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}
