package org.rabbitmqjmh.results.compare;

/**
 * The 97.5% quantile of Student's t, the one number a two-sided 95% interval needs. A table up to 30
 * degrees of freedom, then the Cornish-Fisher expansion, which is within 1e-4 of the exact value there;
 * a statistics library for one function would be a dependency for nothing.
 */
final class StudentT {

  static final double Z_975 = 1.959963984540054;

  private static final double[] T_975 = {
      Double.NaN, 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

  private StudentT() {
  }

  static double quantile975(int degreesOfFreedom) {
    if (degreesOfFreedom < 1) {
      return Double.NaN;
    }
    if (degreesOfFreedom < T_975.length) {
      return T_975[degreesOfFreedom];
    }
    double z = Z_975;
    double v = degreesOfFreedom;
    return z + (z * z * z + z) / (4 * v) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
  }
}
