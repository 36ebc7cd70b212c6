import { lusolve, multiply, transpose } from 'mathjs';
/**
 * Non-negative least squares by a small active set: solve the normal equations with mathjs, drop
 * any regressor whose coefficient comes out negative (a cost cannot be negative), solve again.
 */
export function nonNegativeLeastSquares(rows, y) {
    const k = rows[0].length;
    let active = Array.from({ length: k }, (_, j) => j);
    let beta = new Array(k).fill(0);
    while (active.length > 0) {
        const X = rows.map((r) => active.map((j) => r[j]));
        const Xt = transpose(X);
        const solution = lusolve(multiply(Xt, X), multiply(Xt, y));
        const b = solution.map((row) => row[0]);
        const negative = b.findIndex((v) => v < 0);
        if (negative < 0) {
            beta = new Array(k).fill(0);
            active.forEach((j, i) => (beta[j] = b[i]));
            break;
        }
        active = active.filter((_, i) => i !== negative);
    }
    const residuals = rows.map((r, i) => y[i] - r.reduce((acc, x, j) => acc + x * beta[j], 0));
    const rms = Math.sqrt(residuals.reduce((a, e) => a + e * e, 0) / residuals.length);
    return { coefficients: beta, residuals, rms };
}
